using System.Threading.Channels;
using Mesh.Grains.Delivery;
using Mesh.Grains.Telemetry;
using Mesh.Grains.Events;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;

namespace Mesh.Grains.Durability;

/// <summary>
/// The journal's write side, whatever the database: every write of the process goes through one
/// queue, and whatever queued up while the previous transaction was committing goes into the next
/// one. Under load one commit carries many brokers' events and many settled deliveries, so the
/// cost of durability grows with commits, not with events.
/// </summary>
public abstract partial class GroupCommitJournal : IEventJournal, IAsyncDisposable
{
    /// <summary>Writes per transaction at most, so that one commit stays short.</summary>
    public const int MaxWritesPerCommit = 8192;

    private readonly Channel<Write> _appends = Channel.CreateUnbounded<Write>(new() { SingleReader = true });
    private readonly Channel<Write> _bookkeeping;
    private readonly Serializer<EventEnvelope> _serializer;
    private readonly MeshMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Task[] _loops;
    private readonly CancellationTokenSource _disposed = new();
    // Writes queued and not yet taken into a batch (single-reader channels cannot count themselves).
    private long _queued;
    private Task? _schema;

    /// <param name="durable">False for a spill file of memory mode (see <see cref="IEventJournal.IsDurable"/>).</param>
    /// <param name="time">The clock of the pause between failed commits (the system's when null).</param>
    protected GroupCommitJournal(Serializer<EventEnvelope> serializer, MeshMetrics metrics, ILogger logger, bool durable = true, TimeProvider? time = null)
    {
        IsDurable = durable;
        _time = time ?? TimeProvider.System;
        _serializer = serializer;
        _metrics = metrics;
        _logger = logger;
        // Where the database takes concurrent writers well, appends (what producers wait for) get
        // a queue and a connection of their own, so they never wait behind a commit of settles.
        // Order between the two needs no care: a delivery is settled or rescheduled only after
        // its append committed.
        _bookkeeping = CommitsConcurrently ? Channel.CreateUnbounded<Write>(new() { SingleReader = true }) : _appends;
        _loops = CommitsConcurrently
            ? [Task.Run(() => CommitLoopAsync(_appends)), Task.Run(() => CommitLoopAsync(_bookkeeping))]
            : [Task.Run(() => CommitLoopAsync(_appends))];
        metrics.ObserveJournal(() => JournalKind, () => Interlocked.Read(ref _queued), _disposed.Token);
    }

    /// <summary>Pending deliveries read per query while a consumer's backlog is paged in.</summary>
    public const int KeysPerRead = 4096;

    public bool IsDurable { get; }

    public bool HasStorage => true;

    /// <summary>The <c>journal</c> label of its metrics (<c>sqlite</c>, <c>postgres</c>).</summary>
    protected virtual string JournalKind => GetType().Name;

    /// <summary>Whether appends and bookkeeping may commit at the same time (false: one writer, as SQLite has).</summary>
    protected virtual bool CommitsConcurrently => false;

    /// <summary>Creates tables if needed; called once, before the first read or write.</summary>
    protected abstract Task EnsureCreatedAsync(CancellationToken cancellationToken);

    /// <summary>Applies the batch in one transaction, or throws having applied none of it.</summary>
    protected abstract Task CommitAsync(JournalBatch batch);

    /// <summary>
    /// A consumer's pending deliveries without their events, in (stream, sequence) order, starting
    /// after (<paramref name="afterStream"/>, <paramref name="afterSequence"/>), at most <paramref name="limit"/>.
    /// </summary>
    protected abstract Task<IReadOnlyList<(DeliveryKey Key, int Attempt, long DueUnixMilliseconds)>> ReadPendingAsync(
        string consumer, string afterStream, long afterSequence, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The events of one stream at these sequences that <paramref name="consumer"/> is owed, whether
    /// stored in rows of their own or with the consumer's delivery (<see cref="JournalBatch.SoleDeliveries"/>);
    /// a sequence no longer stored is left out.
    /// </summary>
    protected abstract Task<IReadOnlyDictionary<long, byte[]>> ReadEventsAsync(string consumer, string stream, IReadOnlyList<long> sequences, CancellationToken cancellationToken);

    protected abstract Task<IReadOnlyList<string>> ReadConsumersAsync(CancellationToken cancellationToken);

    protected abstract Task<long> ReadLastSequenceAsync(string stream, CancellationToken cancellationToken);

    public Task AppendAsync(string stream, IReadOnlyList<JournalEvent> events)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var rows = new List<(long, byte[], IReadOnlyList<string>)>(events.Count);
        foreach (var e in events) rows.Add((e.Sequence, _serializer.SerializeToArray(e.Envelope), e.Consumers));
        if (!Enqueue(_appends, new Write.Append(stream, rows, done)))
            done.SetException(new ObjectDisposedException(nameof(GroupCommitJournal)));
        return done.Task;
    }

    public void Settle(DeliveryKey key) => Enqueue(_bookkeeping, new Write.Settle(key));

    public void Reschedule(DeliveryKey key, int attempt, DateTimeOffset due) =>
        Enqueue(_bookkeeping, new Write.Reschedule(key, attempt, due.ToUnixTimeMilliseconds()));

    public void Forget(string consumer) => Enqueue(_bookkeeping, new Write.Forget(consumer));

    private bool Enqueue(Channel<Write> writes, Write write)
    {
        Interlocked.Increment(ref _queued);
        if (writes.Writer.TryWrite(write)) return true;
        Interlocked.Decrement(ref _queued);
        return false;
    }

    public async Task<IReadOnlyList<PendingDelivery>> LoadPendingAsync(string consumer, Func<DeliveryKey, bool>? held = null, int limit = int.MaxValue, CancellationToken cancellationToken = default)
    {
        await SchemaAsync();
        // Keys first, a bounded read at a time: a consumer that already holds most of what it owes
        // (the periodic recovery pass over a healthy one) costs a scan of keys, not a read of every
        // event, and a backlog of millions is read a page at a time.
        var pending = new List<PendingDelivery>(Math.Min(limit, KeysPerRead));
        var (afterStream, afterSequence) = ("", long.MinValue);
        while (pending.Count < limit)
        {
            var keys = await ReadPendingAsync(consumer, afterStream, afterSequence, KeysPerRead, cancellationToken);
            var rows = new List<(DeliveryKey Key, int Attempt, long Due)>();
            var scanned = 0;
            while (scanned < keys.Count && pending.Count + rows.Count < limit)
            {
                var row = keys[scanned++];
                if (held?.Invoke(row.Key) != true) rows.Add(row);
            }
            await AddWithEventsAsync(consumer, rows, pending, cancellationToken);
            // A key whose event is gone was settled after the key was read: nothing is owed for it,
            // and the read goes on past it. Fewer than the limit must mean the journal owes no more,
            // which is what a dispatcher takes it to mean (see BacklogPolicy.EndRead).
            if (scanned == keys.Count && keys.Count < KeysPerRead) break;
            (afterStream, afterSequence) = (keys[scanned - 1].Key.Stream, keys[scanned - 1].Key.Sequence);
        }
        return pending;
    }

    // The rows' events, read a stream at a time; added in the rows' order, leaving out those no longer stored.
    private async Task AddWithEventsAsync(string consumer, List<(DeliveryKey Key, int Attempt, long Due)> rows, List<PendingDelivery> pending, CancellationToken cancellationToken)
    {
        var events = new Dictionary<(string, long), byte[]>();
        foreach (var stream in rows.GroupBy(r => r.Key.Stream))
            foreach (var (sequence, payload) in await ReadEventsAsync(consumer, stream.Key, [.. stream.Select(r => r.Key.Sequence)], cancellationToken))
                events[(stream.Key, sequence)] = payload;
        foreach (var (key, attempt, due) in rows)
            if (events.TryGetValue((key.Stream, key.Sequence), out var payload) && _serializer.Deserialize(payload) is { } envelope)
                pending.Add(new PendingDelivery(key, envelope, attempt, DateTimeOffset.FromUnixTimeMilliseconds(due)));
    }

    public async Task<IReadOnlyList<string>> ConsumersWithPendingAsync(CancellationToken cancellationToken = default)
    {
        await SchemaAsync();
        return await ReadConsumersAsync(cancellationToken);
    }

    public async Task<long> LastSequenceAsync(string stream, CancellationToken cancellationToken = default)
    {
        await SchemaAsync();
        return await ReadLastSequenceAsync(stream, cancellationToken);
    }

    // Retried after a failure (the database may have been down at start-up); concurrent first
    // callers may both run it, which the schema's IF NOT EXISTS makes harmless.
    private Task SchemaAsync()
    {
        var schema = _schema;
        if (schema is null || schema.IsFaulted || schema.IsCanceled) _schema = schema = EnsureCreatedAsync(CancellationToken.None);
        return schema;
    }

    private async Task CommitLoopAsync(Channel<Write> writes)
    {
        var batch = new JournalBatch();
        var waiting = new List<TaskCompletionSource>();
        var failures = 0;
        while (batch.Count > 0 || await writes.Reader.WaitToReadAsync())
        {
            TakeQueued(writes, batch, waiting);
            if (batch.Count == 0) continue;
            // One writer for everything (SQLite): bookkeeping alone answers nobody, so it lets the
            // thread pool have a turn or two, in which the producers' next append usually arrives,
            // and goes in that commit. Under load every other commit was settles alone, each
            // writing to the file pages that the next one wrote again. When nothing else comes,
            // it is committed after those turns; no clock is involved.
            for (var turn = 0; turn < BookkeepingTurns && !CommitsConcurrently && !batch.WaitsForDisk && batch.Count < MaxWritesPerCommit; turn++)
            {
                await Task.Yield();
                TakeQueued(writes, batch, waiting);
            }
            try
            {
                await SchemaAsync();
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                await CommitAsync(batch);
                _metrics.JournalCommitted(JournalKind, batch.EventCount, System.Diagnostics.Stopwatch.GetElapsedTime(started));
                foreach (var done in waiting) done.TrySetResult();
                batch = new JournalBatch();
                failures = 0;
            }
            catch (Exception e)
            {
                _metrics.JournalFailed(JournalKind);
                LogCommitFailed(_logger, e, batch.EventCount, batch.Count);
                // Producers of events hear about it (their 503); bookkeeping is kept and tried again.
                foreach (var done in waiting) done.TrySetException(e);
                batch = batch.CarryOver();
                failures++;
                if (writes.Reader.Completion.IsCompleted) return;
                await Task.Delay(RetryDelay(failures), _time);
            }
            waiting.Clear();
        }
    }

    // Turns of the thread pool that a commit of bookkeeping alone waits for an append to join it.
    private const int BookkeepingTurns = 2;

    private void TakeQueued(Channel<Write> writes, JournalBatch batch, List<TaskCompletionSource> waiting)
    {
        while (batch.Count < MaxWritesPerCommit && writes.Reader.TryRead(out var write))
        {
            Interlocked.Decrement(ref _queued);
            Add(batch, write, waiting);
        }
    }

    /// <summary>
    /// The pause after the <paramref name="failures"/>th failed commit in a row: 100 ms, doubling up to
    /// 2 s, so that a database that is down is not hammered and one that is back is used again soon.
    /// </summary>
    public static TimeSpan RetryDelay(int failures) => TimeSpan.FromMilliseconds(Math.Min(2000, 50 * (1 << Math.Clamp(failures, 1, 6))));

    private static void Add(JournalBatch batch, Write write, List<TaskCompletionSource> waiting)
    {
        switch (write)
        {
            case Write.Append append:
                foreach (var (sequence, payload, consumers) in append.Rows)
                {
                    if (consumers.Count == 1)
                    {
                        batch.SoleDeliveries.Add((new DeliveryKey(consumers[0], append.Stream, sequence), payload));
                        continue;
                    }
                    batch.Events.Add((append.Stream, sequence, payload));
                    foreach (var consumer in consumers) batch.Deliveries.Add(new DeliveryKey(consumer, append.Stream, sequence));
                }
                waiting.Add(append.Done);
                break;
            case Write.Settle settle: batch.Settles.Add(settle.Key); break;
            case Write.Reschedule r: batch.Reschedules.Add((r.Key, r.Attempt, r.DueUnixMilliseconds)); break;
            case Write.Forget forget: batch.Forgets.Add(forget.Consumer); break;
        }
    }

    public virtual async ValueTask DisposeAsync()
    {
        _disposed.Cancel();
        _appends.Writer.TryComplete();
        _bookkeeping.Writer.TryComplete();
        // Settles still queued are worth writing: without them a restart delivers those events again.
        await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        GC.SuppressFinalize(this);
    }

    private abstract record Write
    {
        public sealed record Append(string Stream, List<(long Sequence, byte[] Payload, IReadOnlyList<string> Consumers)> Rows, TaskCompletionSource Done) : Write;
        public sealed record Settle(DeliveryKey Key) : Write;
        public sealed record Reschedule(DeliveryKey Key, int Attempt, long DueUnixMilliseconds) : Write;
        public sealed record Forget(string Consumer) : Write;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Journal commit of {Events} events ({Writes} writes) failed; the events were refused and bookkeeping will be retried")]
    private static partial void LogCommitFailed(ILogger logger, Exception e, int events, int writes);
}
