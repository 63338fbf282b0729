using System.Reflection;

namespace Mesh.Silo.Hosting.Storage;

/// <summary>The SQL embedded beside this class: the schema, and the provider's queries by key.</summary>
internal static class SqliteQueries
{
    public static string GrainStorageSchema => Load("GrainStorage.Schema.sql");

    /// <summary>
    /// Rows for <c>OrleansQuery</c>. The keys are the ones <c>AdoNetGrainStorage</c> looks up at
    /// start-up; it fails to start if one is missing.
    /// </summary>
    public static IReadOnlyDictionary<string, string> GrainStorageQueries { get; } = new Dictionary<string, string>
    {
        ["WriteToStorageKey"] = Load("WriteToStorage.sql"),
        ["ReadFromStorageKey"] = Load("ReadFromStorage.sql"),
        ["ClearStorageKey"] = Load("ClearStorage.sql"),
    };

    private static string Load(string fileName)
    {
        var name = $"{typeof(SqliteQueries).Namespace}.Sql.{fileName}";
        using var stream = typeof(SqliteQueries).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded SQL resource '{name}' is missing from {typeof(SqliteQueries).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
