using System.Text;

namespace Mesh.Tests.Operator.Store;

/// <summary>Looks for a secret in what the mesh wrote to disk, as plain text and as the base64 a Secret's data holds.</summary>
public static class StoredBytes
{
    /// <summary>The files of an embedded mesh's data directory that hold state (SQLite files and their WAL), not the key ring.</summary>
    public static IEnumerable<string> StateFiles(string dataDirectory) =>
        Directory.EnumerateFiles(dataDirectory, "*.db*", SearchOption.TopDirectoryOnly);

    public static string? FindIn(byte[] stored, string secret)
    {
        foreach (var form in new[] { secret, Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)) })
            if (stored.AsSpan().IndexOf(Encoding.UTF8.GetBytes(form)) >= 0) return form;
        return null;
    }

    public static byte[] Read(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        file.CopyTo(copy);
        return copy.ToArray();
    }
}
