using System.Diagnostics;
using System.Runtime.InteropServices;
using Xunit.Abstractions;

namespace Mesh.Tests.Faults;

/// <summary>
/// The mesh as an operator runs it: the built Mesh.Silo executable in a process of its own, on
/// loopback ports chosen once, so that it can be killed, stopped and started again on the same
/// ports and data. Its console output goes to a file whose tail is written to the test output
/// when the silo is disposed (xunit shows it when the test fails).
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly List<string> _arguments = [];
    private readonly ITestOutputHelper? _output;
    private readonly string _directory;
    private readonly object _logLock = new();
    private StreamWriter? _log;
    private Process? _process;

    private readonly IReadOnlyDictionary<string, string> _environment;

    /// <param name="httpPort">0 for a free port; a fixed one when the data directory already names the mesh's address (an upgrade fixture).</param>
    /// <param name="environment">Environment variables for the process besides this one's (runtime settings such as the GC's).</param>
    public SiloProcess(string name, IReadOnlyDictionary<string, string> settings, ITestOutputHelper? output = null, int httpPort = 0,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        _environment = environment ?? new Dictionary<string, string>();
        Name = name;
        _output = output;
        _directory = Directory.CreateTempSubdirectory($"mesh-{name}-").FullName;
        LogPath = Path.Combine(_directory, "silo.log");
        BaseAddress = new Uri($"http://127.0.0.1:{(httpPort == 0 ? FreePort.Next() : httpPort)}");
        var all = new Dictionary<string, string>(SiloSettings.Defaults(_directory))
        {
            ["Mesh:SiloPort"] = FreePort.Next().ToString(),
            ["Mesh:GatewayPort"] = FreePort.Next().ToString(),
        };
        foreach (var (key, value) in settings) all[key] = value;
        _arguments.AddRange([SiloSettings.SiloDll, "--urls", BaseAddress.ToString()]);
        _arguments.AddRange(all.Select(s => $"--{s.Key}={s.Value}"));
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Name { get; }
    public Uri BaseAddress { get; }
    public HttpClient Http { get; }
    public string LogPath { get; }
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The running process's resident memory in MiB, from <c>/proc</c>.</summary>
    public double ResidentMiB()
    {
        if (_process is not { HasExited: false } process) throw new InvalidOperationException($"{Name} is not running.");
        var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Replace("kB", "").Trim(), System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>The running process's id, to read what the operating system says of it (/proc).</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException($"{Name} has not been started.");

    /// <summary>Starts the process (again) and waits until it reports ready.</summary>
    public async Task StartAsync()
    {
        if (IsRunning) throw new InvalidOperationException($"{Name} is already running.");
        if (!File.Exists(SiloSettings.SiloDll)) Assert.Fail($"{SiloSettings.SiloDll} is missing: build the test project (it builds Mesh.Silo too).");
        _process?.Dispose();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in _arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in _environment) start.Environment[name] = value;
        lock (_logLock) _log ??= new StreamWriter(LogPath, append: true) { AutoFlush = true };
        Append($"===== {DateTime.UtcNow:HH:mm:ss.fff} starting {Name}");
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.TrueAsync(async () =>
        {
            if (process.HasExited) Assert.Fail($"{Name} exited with {process.ExitCode} before it was ready.\n{LogTail()}");
            try { return (await probe.GetAsync("/readyz")).IsSuccessStatusCode; }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return false; }
        }, $"{Name} to report ready at {BaseAddress}readyz", () => LogTail(), TimeSpan.FromSeconds(90));
    }

    /// <summary>kill -9: no shutdown code runs, nothing in memory survives.</summary>
    public async Task KillAsync()
    {
        if (_process is not { } process) return;
        Append($"===== {DateTime.UtcNow:HH:mm:ss.fff} SIGKILL {Name}");
        process.Kill();
        await process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as an orchestrator stops a pod, then waits for the process to finish shutting down.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process) return;
        Append($"===== {DateTime.UtcNow:HH:mm:ss.fff} SIGTERM {Name}");
        if (SendSignal(process.Id, Sigterm) != 0) throw new InvalidOperationException($"kill -TERM {process.Id} failed ({Marshal.GetLastPInvokeError()}).");
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"{Name} did not stop within 60 s of SIGTERM.\n{LogTail()}");
        }
    }

    /// <summary>The last lines the process wrote, for failure messages.</summary>
    public string LogTail(int lines = 40)
    {
        lock (_logLock)
        {
            _log?.Flush();
            var all = File.Exists(LogPath) ? File.ReadAllLines(LogPath) : [];
            return $"--- {Name} ({LogPath}), last {Math.Min(lines, all.Length)} lines ---\n" + string.Join('\n', all.TakeLast(lines));
        }
    }

    // Called from the process's output threads, which may still deliver a line after disposal.
    private void Append(string? line)
    {
        if (line is null) return;
        lock (_logLock) _log?.WriteLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (IsRunning) await KillAsync();
        try { _output?.WriteLine(LogTail()); } catch (InvalidOperationException) { }
        Http.Dispose();
        _process?.Dispose();
        lock (_logLock)
        {
            _log?.Dispose();
            _log = null;
        }
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private const int Sigterm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
