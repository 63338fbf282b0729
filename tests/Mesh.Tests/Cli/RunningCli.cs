using Mesh.Cli.Commands;

namespace Mesh.Tests.Cli;

/// <summary>
/// The real <c>mesh</c> command line running in the background (a command that follows, such as
/// <c>tail</c>), whose output can be read while it runs and which stops as an interrupt stops it.
/// </summary>
internal sealed class RunningCli : IAsyncDisposable
{
    private readonly StringWriter _out = new() { NewLine = "\n" };
    private readonly StringWriter _error = new() { NewLine = "\n" };
    // The CLI writes through these from its own thread. A synchronized writer locks on itself (not
    // on the writer it wraps), so reads lock on the same object, or they race the writes.
    private readonly TextWriter _syncOut, _syncError;
    private readonly CancellationTokenSource _interrupt = new();
    private readonly Task<int> _run;

    public RunningCli(string[] args)
    {
        (_syncOut, _syncError) = (TextWriter.Synchronized(_out), TextWriter.Synchronized(_error));
        var context = new CliContext(_syncOut, _syncError, () => new StringReader(""),
            new HttpClient { Timeout = TimeSpan.FromSeconds(30) }, TimeProvider.System, "http://127.0.0.1:1");
        _run = Task.Run(() => MeshRootCommand.RunAsync(context, args, _interrupt.Token));
    }

    public string Out { get { lock (_syncOut) return _out.ToString(); } }
    public string Error { get { lock (_syncError) return _error.ToString(); } }

    public Task WaitForOutputAsync(Func<string, bool> condition, string what) =>
        Infrastructure.Eventually.TrueAsync(() => condition(Out) || _run.IsCompleted, what, () => $"out: {Out} error: {Error}");

    public Task WaitForErrorAsync(Func<string, bool> condition, string what) =>
        Infrastructure.Eventually.TrueAsync(() => condition(Error) || _run.IsCompleted, what, () => $"out: {Out} error: {Error}");

    /// <summary>Interrupts it and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        await _interrupt.CancelAsync();
        return await _run.WaitAsync(TimeSpan.FromSeconds(20));
    }

    public Task<int> Exited => _run;

    public async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted) await StopAsync();
        _interrupt.Dispose();
    }
}
