namespace Mesh.Silo.Hosting.Postgres;

/// <summary>The SQL embedded beside this class: the schema, and the providers' queries by key.</summary>
internal static class PostgresQueries
{
    public static string Schema => Load("Schema.sql");

    /// <summary>
    /// Rows for <c>OrleansQuery</c>. The keys are the ones Orleans' ADO.NET clustering and grain
    /// storage look up at start-up; either fails to start if one of its keys is missing.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ProviderQueries { get; } = new Dictionary<string, string>
    {
        ["InsertMembershipVersionKey"] = Load("InsertMembershipVersion.sql"),
        ["InsertMembershipKey"] = Load("InsertMembership.sql"),
        ["UpdateMembershipKey"] = Load("UpdateMembership.sql"),
        ["UpdateIAmAlivetimeKey"] = Load("UpdateIAmAliveTime.sql"),
        ["MembershipReadAllKey"] = Load("MembershipReadAll.sql"),
        ["MembershipReadRowKey"] = Load("MembershipReadRow.sql"),
        ["GatewaysQueryKey"] = Load("Gateways.sql"),
        ["DeleteMembershipTableEntriesKey"] = Load("DeleteMembershipTableEntries.sql"),
        ["CleanupDefunctSiloEntriesKey"] = Load("CleanupDefunctSiloEntries.sql"),
        ["CleanupDefunctSiloEntryKey"] = Load("CleanupDefunctSiloEntry.sql"),
        ["ReadFromStorageKey"] = Load("ReadFromStorage.sql"),
        ["WriteToStorageKey"] = Load("WriteToStorage.sql"),
        ["ClearStorageKey"] = Load("ClearStorage.sql"),
    };

    /// <summary>The journal's statements (<c>Sql/Journal.*.sql</c>), for <see cref="Journal.PostgresEventJournal"/>.</summary>
    public static class Journal
    {
        public static string Schema { get; } = Load("Journal.Schema.sql");
        public static string Lock { get; } = Load("Journal.Lock.sql");
        public static string NoWaitForDisk { get; } = Load("Journal.NoWaitForDisk.sql");
        public static string InsertEvents { get; } = Load("Journal.InsertEvents.sql");
        public static string InsertDeliveries { get; } = Load("Journal.InsertDeliveries.sql");
        public static string InsertSoleDeliveries { get; } = Load("Journal.InsertSoleDeliveries.sql");
        public static string Reschedule { get; } = Load("Journal.Reschedule.sql");
        public static string Settle { get; } = Load("Journal.Settle.sql");
        public static string DropSettledEvents { get; } = Load("Journal.DropSettledEvents.sql");
        public static string Forget { get; } = Load("Journal.Forget.sql");
        public static string Sweep { get; } = Load("Journal.Sweep.sql");
        public static string ReadPending { get; } = Load("Journal.ReadPending.sql");
        public static string ReadEvents { get; } = Load("Journal.ReadEvents.sql");
        public static string ReadConsumers { get; } = Load("Journal.ReadConsumers.sql");
        public static string ReadLastSequence { get; } = Load("Journal.ReadLastSequence.sql");
    }

    private static string Load(string fileName)
    {
        var name = $"{typeof(PostgresQueries).Namespace}.Sql.{fileName}";
        using var stream = typeof(PostgresQueries).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded SQL resource '{name}' is missing from {typeof(PostgresQueries).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
