using System.Collections.Concurrent;

namespace Mesh.Silo.Topology;

/// <summary>The page's files, embedded in the assembly: nothing is fetched from anywhere else.</summary>
public sealed class TopologyAssets
{
    private const string Prefix = "Mesh.Silo.Topology.Assets.";
    private readonly ConcurrentDictionary<string, byte[]?> _files = new(StringComparer.Ordinal);

    public IResult Serve(string file)
    {
        var bytes = _files.GetOrAdd(file, Load);
        if (bytes is null) return Results.NotFound();
        var type = Path.GetExtension(file) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".svg" => "image/svg+xml",
            _ => "application/octet-stream",
        };
        return Results.Bytes(bytes, type);
    }

    private static byte[]? Load(string file)
    {
        using var stream = typeof(TopologyAssets).Assembly.GetManifestResourceStream(Prefix + file);
        if (stream is null) return null;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
