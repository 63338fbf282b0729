namespace Mesh.Tests.Upgrade;

/// <summary>A fixture's data files copied into a temporary data directory, so that nothing writes to the committed ones; deleted on dispose.</summary>
public sealed class FixtureCopy : IDisposable
{
    private FixtureCopy(string path) => DataDirectory = path;

    public string DataDirectory { get; }

    public static FixtureCopy Of(string fixture)
    {
        var copy = new FixtureCopy(Directory.CreateTempSubdirectory($"mesh-upgrade-{fixture}-").FullName);
        foreach (var file in FixtureManifest.DataFiles)
            File.Copy(Path.Combine(FixtureManifest.Root, fixture, file), Path.Combine(copy.DataDirectory, file));
        return copy;
    }

    public void Dispose()
    {
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
