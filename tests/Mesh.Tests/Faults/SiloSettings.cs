namespace Mesh.Tests.Faults;

/// <summary>Where the built silo is, and the command-line settings the fault tests give it.</summary>
public static class SiloSettings
{
    private static readonly DirectoryInfo TestOutput = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));

    /// <summary>
    /// Mesh.Silo.dll as the test build produced it (the test project references Mesh.Silo, so it is
    /// built with it): same configuration and target framework as this test assembly.
    /// </summary>
    public static string SiloDll => Path.Combine(RepositoryRoot, "Mesh.Silo", "bin", TestOutput.Parent!.Name, TestOutput.Name, "Mesh.Silo.dll");

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = TestOutput; dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Mesh.sln"))) return dir.FullName;
            throw new InvalidOperationException($"No Mesh.sln above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>Durable mode, quiet, with a data directory of its own; a journal recovery pass every second.</summary>
    public static Dictionary<string, string> Defaults(string directory) => new()
    {
        ["Mesh:DataDirectory"] = Path.Combine(directory, "data"),
        ["Mesh:Dashboard"] = "false",
        ["Mesh:Durability"] = "Durable",
        ["Mesh:Journal:RecoveryInterval"] = "00:00:01",
        ["Logging:Console:FormatterName"] = "simple",
        ["Logging:Console:FormatterOptions:SingleLine"] = "true",
        ["Logging:Console:FormatterOptions:TimestampFormat"] = "HH:mm:ss.fff ",
        ["Logging:LogLevel:Orleans.Runtime.MembershipService"] = "Information",
        // Orleans' placement retries log every call, and readiness probes log every "not yet".
        ["Logging:LogLevel:Polly"] = "Warning",
        ["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks"] = "Critical",
    };

    /// <summary>
    /// Cluster mode under ids of its own, with failure detection fast enough for a test: a silo that
    /// misses two 1 s probes from one other silo is declared dead (Orleans' defaults take tens of
    /// seconds), membership is re-read every 2 s, and a grain call to a silo that vanished gives
    /// up after 10 s instead of 30.
    /// </summary>
    public static Dictionary<string, string> Cluster(string connectionString, string id) => new()
    {
        ["Mesh:Cluster"] = "Postgres",
        ["ConnectionStrings:Mesh"] = connectionString,
        ["Mesh:ClusterId"] = id,
        ["Mesh:ServiceId"] = id,
        ["Mesh:AdvertisedIPAddress"] = "127.0.0.1",
        ["Orleans:Membership:ProbeTimeout"] = "00:00:01",
        ["Orleans:Membership:NumMissedProbesLimit"] = "2",
        ["Orleans:Membership:NumVotesForDeathDeclaration"] = "1",
        ["Orleans:Membership:TableRefreshTimeout"] = "00:00:02",
        ["Orleans:Messaging:ResponseTimeout"] = "00:00:10",
    };
}
