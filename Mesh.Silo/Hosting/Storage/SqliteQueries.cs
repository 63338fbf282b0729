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

    /// <summary>The journal's statements (<c>Sql/Journal.*.sql</c>), for <see cref="Journal.SqliteEventJournal"/>.</summary>
    public static class Journal
    {
        public static string Schema { get; } = Load("Journal.Schema.sql");
        public static string InsertEvent { get; } = Load("Journal.InsertEvent.sql");
        public static string InsertDeliveries { get; } = Load("Journal.InsertDeliveries.sql");
        public static string InsertSoleDelivery { get; } = Load("Journal.InsertSoleDelivery.sql");
        public static string HasPayloadColumn { get; } = Load("Journal.HasPayloadColumn.sql");
        public static string AddPayloadColumn { get; } = Load("Journal.AddPayloadColumn.sql");
        public static string Reschedule { get; } = Load("Journal.Reschedule.sql");
        public static string Settle { get; } = Load("Journal.Settle.sql");
        public static string DropSettledEvents { get; } = Load("Journal.DropSettledEvents.sql");
        public static string Forget { get; } = Load("Journal.Forget.sql");
        public static string Sweep { get; } = Load("Journal.Sweep.sql");
        public static string ReadPending { get; } = Load("Journal.ReadPending.sql");
        public static string ReadEvent { get; } = Load("Journal.ReadEvent.sql");
        public static string ReadEventRange { get; } = Load("Journal.ReadEventRange.sql");
        public static string ReadConsumers { get; } = Load("Journal.ReadConsumers.sql");
        public static string ReadLastSequence { get; } = Load("Journal.ReadLastSequence.sql");
    }

    private static string Load(string fileName)
    {
        var name = $"{typeof(SqliteQueries).Namespace}.Sql.{fileName}";
        using var stream = typeof(SqliteQueries).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded SQL resource '{name}' is missing from {typeof(SqliteQueries).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
