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

    private static string Load(string fileName)
    {
        var name = $"{typeof(PostgresQueries).Namespace}.Sql.{fileName}";
        using var stream = typeof(PostgresQueries).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded SQL resource '{name}' is missing from {typeof(PostgresQueries).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
