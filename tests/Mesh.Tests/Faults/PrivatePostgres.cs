using System.Diagnostics;

namespace Mesh.Tests.Faults;

/// <summary>
/// A throwaway PostgreSQL server of the test's own (initdb in a temporary directory, a free
/// loopback port, trust authentication), so that the test can stop and start it under the mesh.
/// The shared server of <c>.ci/postgres</c> cannot be used for that: other tests depend on it.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _directory;
    private readonly int _port = FreePort.Next();

    private PrivatePostgres(string bin, string directory)
    {
        _bin = bin;
        _directory = directory;
    }

    public string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres";

    private string Data => Path.Combine(_directory, "data");

    /// <summary>Why these tests cannot run here, or null: the server binaries (and, as root, the postgres account) are needed.</summary>
    public static string? MissingReason =>
        BinDirectory is null ? "PostgreSQL server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin."
        : IsRoot && !File.Exists("/usr/sbin/runuser") && !File.Exists("/sbin/runuser") ? "Running as root needs runuser to start PostgreSQL as the postgres account."
        : null;

    private static string? BinDirectory =>
        (Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [])
            .Select(v => Path.Combine(v, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
            .OrderBy(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var major) ? major : 0)
            .LastOrDefault();

    private static bool IsRoot => Environment.UserName == "root";

    public static async Task<PrivatePostgres> StartAsync()
    {
        var server = new PrivatePostgres(BinDirectory!, Directory.CreateTempSubdirectory("mesh-pg-").FullName);
        // The server refuses to run as root: its directory belongs to the postgres account.
        if (IsRoot) await RunAsync("chown", "postgres:postgres", server._directory);
        await server.PgAsync("initdb", "-D", server.Data, "-U", "postgres", "--auth=trust", "-E", "UTF8");
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server (again) on the same port and data, and waits until it takes connections.</summary>
    public Task StartAgainAsync() => PgAsync("pg_ctl", "-D", Data, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60",
        "-o", $"-p {_port} -h 127.0.0.1 -k {_directory} -c fsync=off -c max_connections=200", "start");

    /// <summary>
    /// Stops the server the hard way (<c>-m immediate</c>: open connections are cut, nothing is
    /// flushed, the next start replays its write-ahead log), as a crash or failover would.
    /// </summary>
    public Task StopAsync() => PgAsync("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");

    private Task PgAsync(string tool, params string[] arguments) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments])
               : RunAsync(Path.Combine(_bin, tool), arguments);

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await error}");
    }

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); } catch (InvalidOperationException) { }
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
