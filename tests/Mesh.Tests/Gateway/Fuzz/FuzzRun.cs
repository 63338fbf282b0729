using System.Collections.Concurrent;
using System.Diagnostics;
using CsCheck;

namespace Mesh.Tests.Gateway.Fuzz;

/// <summary>What a fuzz run saw: answers by surface and status, and every request that got a 5xx or no answer.</summary>
public sealed class FuzzRun
{
    private readonly ConcurrentDictionary<(string Surface, int? Status), int> _answers = new();
    private readonly ConcurrentQueue<(FuzzRequest Request, int? Status, string Answer)> _failures = new();

    public int Sent => _answers.Values.Sum();
    public IReadOnlyList<(FuzzRequest Request, int? Status, string Answer)> Failures => [.. _failures];
    public TimeSpan Elapsed { get; private set; }

    /// <summary>Generates <paramref name="count"/> requests and sends them, <paramref name="concurrency"/> at a time.</summary>
    public static async Task<FuzzRun> RunAsync(Gen<FuzzRequest> requests, int count, int port, int concurrency)
    {
        var run = new FuzzRun();
        var generated = new ConcurrentQueue<FuzzRequest>();
        requests.Sample(generated.Enqueue, iter: count, threads: 1);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (generated.TryDequeue(out var request))
            {
                var (status, answer) = await RawHttp.SendAsync(port, request.Bytes, request.HangsUp, TimeSpan.FromSeconds(20));
                run._answers.AddOrUpdate((request.HangsUp ? request.Surface + " (hung up)" : request.Surface, status), 1, (_, n) => n + 1);
                if (status >= 500 || (status is null && !request.HangsUp)) run._failures.Enqueue((request, status, answer));
            }
        }));
        run.Elapsed = Stopwatch.GetElapsedTime(started);
        return run;
    }

    /// <summary>Counts by surface and status, one line per surface, for the test's output.</summary>
    public string Summary() => string.Join('\n', _answers
        .GroupBy(a => a.Key.Surface)
        .OrderBy(g => g.Key)
        .Select(g => $"{g.Key}: " + string.Join(", ", g.OrderBy(a => a.Key.Status ?? 0).Select(a => $"{a.Key.Status?.ToString() ?? "no answer"}×{a.Value}"))));
}
