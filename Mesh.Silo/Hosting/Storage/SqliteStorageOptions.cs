namespace Mesh.Silo.Hosting.Storage;

/// <summary>The SQLite files that grain storage providers use, filled in by the registration calls.</summary>
/// <remarks>
/// Not bound from configuration: the silo passes the path in code, and an empty path is rejected
/// at the call. Full paths, compared case-sensitively, so two names on one file prepare it once.
/// </remarks>
internal sealed class SqliteStorageOptions
{
    public ISet<string> DatabasePaths { get; } = new SortedSet<string>(StringComparer.Ordinal);
}
