using System.Collections.Concurrent;

namespace Mesh.Tests.Faults;

/// <summary>
/// The subscriber's side of a fault test: a real HTTP subscriber that counts the deliveries it
/// accepted per CloudEvent id (a refused delivery is not a delivery), so that "lost" and
/// "duplicated" are measured where the user would see them.
/// </summary>
public sealed class DeliveryLedger : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _delivered = new();

    private DeliveryLedger(RecordingSubscriber subscriber) => Subscriber = subscriber;

    public RecordingSubscriber Subscriber { get; }

    /// <summary>While false the subscriber answers 503, as a service that is up but cannot take work.</summary>
    public volatile bool Accepting = true;

    /// <summary>
    /// How long the subscriber takes over each delivery: a slow subscriber keeps deliveries in flight,
    /// so that a crash always has some to lose.
    /// </summary>
    public TimeSpan Latency { get; set; }

    public static async Task<DeliveryLedger> StartAsync()
    {
        var ledger = new DeliveryLedger(await RecordingSubscriber.StartAsync());
        ledger.Subscriber.Respond = async (request, _) =>
        {
            if (!ledger.Accepting) return 503;
            if (ledger.Latency > TimeSpan.Zero) await Task.Delay(ledger.Latency);
            ledger._delivered.AddOrUpdate(request.Ce("id") ?? "(no id)", 1, (_, n) => n + 1);
            return 202;
        };
        return ledger;
    }

    public IReadOnlyDictionary<string, int> Delivered => _delivered;

    /// <summary>Acknowledged ids the subscriber has not accepted (yet).</summary>
    public List<string> Missing(IEnumerable<string> acknowledged) => [.. acknowledged.Where(id => !_delivered.ContainsKey(id))];

    /// <summary>Deliveries beyond the first of each id.</summary>
    public int Duplicates => _delivered.Values.Sum(n => n - 1);

    /// <summary>Waits until every acknowledged id was delivered; the failure names what is missing.</summary>
    public Task WaitForAllAsync(IReadOnlyCollection<string> acknowledged, string context, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(() => Missing(acknowledged).Count == 0, $"every one of {acknowledged.Count} acknowledged events to be delivered",
            () => Describe(acknowledged, context), timeout ?? TimeSpan.FromSeconds(90));

    public string Describe(IReadOnlyCollection<string> acknowledged, string context)
    {
        var missing = Missing(acknowledged);
        return $"lost {missing.Count} of {acknowledged.Count} acknowledged ({string.Join(", ", missing.Take(20))}); " +
            $"delivered {_delivered.Count} distinct, duplicates {Duplicates}; {context}";
    }

    public ValueTask DisposeAsync() => Subscriber.DisposeAsync();
}
