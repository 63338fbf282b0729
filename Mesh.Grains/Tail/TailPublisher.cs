using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Mesh.Grains.Tail;

/// <summary>
/// Hands tail records to their Orleans streams off the event's path: a record is queued (bounded,
/// never waited on) and a background loop publishes what queued up, a batch per stream. A tail that
/// cannot keep up skips records and is told how many.
/// </summary>
public sealed partial class TailPublisher(IServiceProvider services, TimeProvider time, ILogger<TailPublisher> logger) : IAsyncDisposable
{
    /// <summary>Records waiting to be published, at most; beyond it they are skipped.</summary>
    public const int Capacity = 8192;

    /// <summary>Records per stream message at most.</summary>
    public const int MaxBatch = 256;

    /// <summary>
    /// Records one tapped object publishes per second at most; beyond it they are skipped (and
    /// counted), so that a tail of a busy broker costs the mesh a bounded amount, and a person can read it.
    /// </summary>
    public const int MaxPerSecond = 500;

    private readonly Channel<(string Key, TailRecord Record)> _queue = Channel.CreateBounded<(string, TailRecord)>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
    private readonly ConcurrentDictionary<string, long> _skipped = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Budget> _budgets = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    /// <summary>Whether <paramref name="key"/> may publish one more record this second; checked before a record is built.</summary>
    public bool TryReserve(string key)
    {
        var budget = _budgets.GetOrAdd(key, _ => new Budget());
        var second = time.GetTimestamp() / time.TimestampFrequency;
        lock (budget)
        {
            if (budget.Second != second)
            {
                budget.Second = second;
                budget.Used = 0;
            }
            if (budget.Used < MaxPerSecond)
            {
                budget.Used++;
                return true;
            }
        }
        _skipped.AddOrUpdate(key, 1, (_, n) => n + 1);
        return false;
    }

    public void Publish(string key, TailRecord record)
    {
        if (_loop is null) Start();
        if (!_queue.Writer.TryWrite((key, record))) _skipped.AddOrUpdate(key, 1, (_, n) => n + 1);
    }

    private void Start()
    {
        lock (_queue)
        {
            _loop ??= Task.Run(LoopAsync);
        }
    }

    private async Task LoopAsync()
    {
        var provider = services.GetRequiredService<IClusterClient>().GetStreamProvider(TailStreams.ProviderName);
        var batches = new Dictionary<string, List<TailRecord>>(StringComparer.Ordinal);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_stopping.Token))
            {
                var count = 0;
                while (count < Capacity && _queue.Reader.TryRead(out var item))
                {
                    if (!batches.TryGetValue(item.Key, out var batch)) batches[item.Key] = batch = [];
                    batch.Add(item.Record);
                    count++;
                }
                foreach (var (key, skipped) in _skipped)
                    if (_skipped.TryRemove(key, out _) && batches.TryGetValue(key, out var batch))
                        batch.Add(new TailRecord(TailRecord.Kinds.Skipped, key, time.GetUtcNow(), Skipped: skipped));
                foreach (var (key, batch) in batches)
                {
                    for (var i = 0; i < batch.Count; i += MaxBatch)
                        await PublishAsync(provider, key, batch.GetRange(i, Math.Min(MaxBatch, batch.Count - i)).ToArray());
                }
                batches.Clear();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private async Task PublishAsync(IStreamProvider provider, string key, TailRecord[] batch)
    {
        try
        {
            await provider.GetStream<TailRecord[]>(TailStreams.For(key)).OnNextAsync(batch);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A tail is a best-effort view: losing a batch must not stop the next.
            LogPublishFailed(logger, e, key, batch.Length);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        if (_loop is not null) await _loop.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        _stopping.Dispose();
    }

    private sealed class Budget
    {
        public long Second;
        public int Used;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Tail records for {Key} could not be published ({Count} skipped)")]
    private static partial void LogPublishFailed(ILogger logger, Exception e, string key, int count);
}
