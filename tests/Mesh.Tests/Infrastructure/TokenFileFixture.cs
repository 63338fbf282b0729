namespace Mesh.Tests.Infrastructure;

/// <summary>A kube-apiserver static token file in a directory of its own, rewritten by tests to add or revoke tokens.</summary>
public sealed class TokenFileFixture : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mesh-tokens-").FullName;

    public TokenFileFixture(params string[] lines)
    {
        Path = System.IO.Path.Combine(_directory, "tokens.csv");
        Write(lines);
    }

    public string Path { get; }

    /// <summary>Replaces the file's content; the write time moves forward so that a reload can see it.</summary>
    public void Write(params string[] lines)
    {
        var previous = File.Exists(Path) ? File.GetLastWriteTimeUtc(Path) : DateTime.MinValue;
        File.WriteAllText(Path, string.Join('\n', lines) + "\n");
        if (File.GetLastWriteTimeUtc(Path) <= previous) File.SetLastWriteTimeUtc(Path, previous.AddSeconds(1));
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
