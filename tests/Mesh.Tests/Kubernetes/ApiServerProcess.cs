using System.Diagnostics;

namespace Mesh.Tests.Kubernetes;

/// <summary>
/// The kube-apiserver that <c>start-apiserver.sh</c> started, taken over: its command line is read
/// from <c>/proc</c>, it is stopped, and it runs again under this process with the same arguments
/// (so the same port, certificates and etcd) plus what the tests add. Stop and start at will.
/// </summary>
public sealed class ApiServerProcess(string directory, IReadOnlyList<string> commandLine)
{
    private Process? _process;

    /// <summary>Reads the running server's command line, then stops it.</summary>
    public static async Task<ApiServerProcess> TakeOverAsync(string directory, IEnumerable<string> extraArguments)
    {
        var pid = int.Parse(File.ReadAllText(Path.Combine(directory, "apiserver.pid")).Trim());
        var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        using (var started = Process.GetProcessById(pid))
        {
            started.Kill();
            await started.WaitForExitAsync();
        }
        return new ApiServerProcess(directory, [.. commandLine, .. extraArguments]);
    }

    /// <summary>The value of a <c>--name=value</c> argument.</summary>
    public string? Argument(string name) =>
        commandLine.FirstOrDefault(a => a.StartsWith($"--{name}=", StringComparison.Ordinal))?[(name.Length + 3)..];

    public bool Running => _process is { HasExited: false };

    public void Start()
    {
        // exec: the process started is the API server itself, so its PID is the one to stop.
        var start = new ProcessStartInfo("/bin/sh") { WorkingDirectory = directory, UseShellExecute = false };
        foreach (var argument in (string[])["-c", "exec \"$0\" \"$@\" >>apiserver.log 2>&1", .. commandLine]) start.ArgumentList.Add(argument);
        _process = Process.Start(start)!;
        // stop-apiserver.sh stops what this file names, should this process end without disposing.
        File.WriteAllText(Path.Combine(directory, "apiserver.pid"), _process.Id.ToString());
    }

    /// <summary>Stops the server as a crash would (SIGKILL): watches are cut, nothing is drained.</summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        if (!_process.HasExited) _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public string Log => File.Exists(Path.Combine(directory, "apiserver.log")) ? File.ReadAllText(Path.Combine(directory, "apiserver.log")) : "";
}
