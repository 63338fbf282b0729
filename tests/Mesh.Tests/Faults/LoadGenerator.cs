using System.Collections.Concurrent;
using System.Diagnostics;

namespace Mesh.Tests.Faults;

/// <summary>
/// Producers at a steady rate: binary-mode CloudEvents with ids <c>{prefix}-{n}</c>, round-robin
/// over the given ingress URLs (a load balancer without health checks, so a dead silo's share
/// fails), each request on its own so that a slow answer never slows the rate. Only a 202 counts
/// as acknowledged; 503s and everything else are counted apart.
/// </summary>
public sealed class LoadGenerator : IAsyncDisposable
{
    private readonly IReadOnlyList<Uri> _targets;
    private readonly int _perSecond;
    private readonly string _prefix;
    private readonly HttpClient _http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) }) { Timeout = TimeSpan.FromSeconds(15) };
    private readonly ConcurrentDictionary<string, DateTime> _acknowledged = new();
    private readonly ConcurrentDictionary<string, int> _other = new();
    private readonly ConcurrentBag<DateTime> _refusedAt = [];
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();
    private readonly ConcurrentDictionary<string, TimeSpan> _slowest = new();
    private readonly ConcurrentDictionary<string, byte> _refusals = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private int _sent;

    public LoadGenerator(IReadOnlyList<Uri> targets, int perSecond, string prefix)
    {
        _targets = targets;
        _perSecond = perSecond;
        _prefix = prefix;
    }

    /// <summary>Ids answered 202, with when the answer came.</summary>
    public IReadOnlyDictionary<string, DateTime> Acknowledged => _acknowledged;

    public int Sent => Volatile.Read(ref _sent);

    /// <summary>Each distinct 503 answer as the producer saw it: content type, Retry-After and problem detail.</summary>
    public IReadOnlyCollection<string> Refusals => _refusals.Keys.ToList();

    public int Refused => _refusedAt.Count;
    public IReadOnlyCollection<DateTime> RefusedAt => _refusedAt;

    public string Summary =>
        $"sent {Sent}, 202 {_acknowledged.Count}, 503 {Refused}, other {string.Join(", ", _other.Select(o => $"{o.Key} ×{o.Value}"))}; " +
        $"slowest answer {string.Join(", ", _slowest.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value.TotalSeconds:0.0} s"))}";

    public void Start() => _loop ??= Task.Run(LoopAsync);

    /// <summary>Stops sending and waits for every request still in flight to be answered.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null) await _loop;
        await Task.WhenAll(_inFlight.Keys);
    }

    public Task WaitForAcknowledgedAsync(int count, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(() => _acknowledged.Count >= count, $"{count} events answered 202", () => Summary, timeout ?? TimeSpan.FromSeconds(60));

    private async Task LoopAsync()
    {
        var clock = Stopwatch.StartNew();
        // Paced by elapsed time rather than by ticks, so a late tick sends what is owed, not less.
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        while (!_stop.IsCancellationRequested)
        {
            var owed = (int)(clock.Elapsed.TotalSeconds * _perSecond);
            while (_sent < owed)
            {
                var n = _sent++;
                var send = SendAsync(n);
                _inFlight.TryAdd(send, 0);
                _ = send.ContinueWith(t => _inFlight.TryRemove(t, out _), TaskScheduler.Default);
            }
            try { await tick.WaitForNextTickAsync(_stop.Token); } catch (OperationCanceledException) { }
        }
    }

    private async Task SendAsync(int n)
    {
        var id = $"{_prefix}-{n}";
        using var request = CloudEventRequests.Binary(id);
        request.RequestUri = _targets[n % _targets.Count];
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request);
            var status = (int)response.StatusCode;
            _slowest.AddOrUpdate(status.ToString(), Stopwatch.GetElapsedTime(started), (_, s) => Max(s, Stopwatch.GetElapsedTime(started)));
            if (status == 202) _acknowledged[id] = DateTime.UtcNow;
            else if (status == 503)
            {
                _refusedAt.Add(DateTime.UtcNow);
                var detail = Detail(await response.Content.ReadAsStringAsync());
                if (_refusals.Count < 20) _refusals.TryAdd($"{response.Content.Headers.ContentType?.MediaType}, Retry-After {response.Headers.RetryAfter}: {detail}", 0);
            }
            else _other.AddOrUpdate(status.ToString(), 1, (_, c) => c + 1);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            _other.AddOrUpdate(e is TaskCanceledException ? "timeout" : "no connection", 1, (_, c) => c + 1);
        }
    }

    private static string Detail(string body)
    {
        try { return JsonNode.Parse(body)?["detail"]?.GetValue<string>() ?? body; }
        catch (System.Text.Json.JsonException) { return body; }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _http.Dispose();
        _stop.Dispose();
    }
}
