namespace Mesh.Tests.Silo.Storage;

/// <summary>A grain with one state on "mesh" and one on "PubSubStore", both on the same SQLite file.</summary>
[Alias("mesh.tests.storage-probe")]
public interface IStorageProbeGrain : IGrainWithStringKey
{
    [Alias("write")] Task Write(string value);
    [Alias("read")] Task<string?> Read();
    [Alias("clear")] Task Clear();
    [Alias("etag")] Task<string?> ETag();
    [Alias("write-other")] Task WriteOther(string value);
    [Alias("read-other")] Task<string?> ReadOther();
}
