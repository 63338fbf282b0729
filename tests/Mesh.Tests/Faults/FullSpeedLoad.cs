using System.Collections.Concurrent;

namespace Mesh.Tests.Faults;

/// <summary>
/// Producers at full speed: <c>workers</c> loops, each posting binary CloudEvents one after the
/// other as fast as the ingress answers. Ids answered 202 are kept (only those are owed); other
/// answers are counted.
/// </summary>
public sealed class FullSpeedLoad(Uri ingress, int workers) : IAsyncDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = workers }) { Timeout = TimeSpan.FromSeconds(30) };
    private readonly ConcurrentQueue<string> _acknowledged = new();
    private readonly ConcurrentDictionary<string, int> _other = new();
    private readonly CancellationTokenSource _stop = new();
    private Task[] _workers = [];
    private long _count;

    public long Acknowledged => Interlocked.Read(ref _count);

    public IReadOnlyList<string> AcknowledgedIds => [.. _acknowledged];

    public string Other => string.Join(", ", _other.Select(o => $"{o.Key} ×{o.Value}"));

    public void Start() => _workers = [.. Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkAsync(w)))];

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
    }

    private async Task WorkAsync(int worker)
    {
        for (var n = 0; !_stop.IsCancellationRequested; n++)
        {
            var id = $"load-{worker}-{n}";
            using var request = CloudEventRequests.Binary(id);
            request.RequestUri = ingress;
            try
            {
                using var response = await _http.SendAsync(request);
                if ((int)response.StatusCode == 202)
                {
                    _acknowledged.Enqueue(id);
                    Interlocked.Increment(ref _count);
                }
                else _other.AddOrUpdate(((int)response.StatusCode).ToString(), 1, (_, c) => c + 1);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                _other.AddOrUpdate(e.GetType().Name, 1, (_, c) => c + 1);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        _http.Dispose();
    }
}
