using System.Text.Json;
using Mesh.Grains.Delivery;
using Mesh.Grains.Durability;
using Mesh.Grains.Events;

namespace Mesh.Grains.Sources.GitHub;

// Always active: the dispatcher holds queued events and pending retries in memory.
[GrainType("mesh.githubsource"), CollectionAgeLimit(AlwaysActive = true)]
public sealed class GitHubSourceGrain(
    [PersistentState("githubsource", "mesh")] IPersistentState<GitHubSourceState> state,
    DeliveryServices delivery,
    MeshMetrics metrics) : DeliveringGrain<GitHubSourceState>(state, delivery), IGitHubSourceGrain
{
    public const string TypePrefix = "dev.knative.source.github.";

    protected override string Consumer => JournalNames.GitHubSource(Key);

    protected override bool Exists => Storage.State.Spec is not null;

    protected override DispatchTarget? CurrentTarget() => Storage.State.Spec is { SinkUri: { } sink } spec
        ? new DispatchTarget(Key, Namespace, new Uri(sink), spec.Delivery) { CountsBrokerHops = false, AsksForReplies = false }
        : null;

    public async Task Configure(GitHubSourceSpec spec)
    {
        Storage.State.Spec = spec;
        await Storage.WriteStateAsync();
        ApplyTarget();
    }

    public Task Remove() => RemoveDeliveringAsync();

    public async Task<GitHubReceipt> Receive(GitHubDelivery received)
    {
        if (Storage.State.Spec is not { } spec) return GitHubReceipt.NotFound;
        if (spec.SecretToken is null || Dispatcher is null) return GitHubReceipt.NotReady;
        if (!WebhookSignature.Verify(received.Body, spec.SecretToken, received.Signature256, received.Signature1))
            return GitHubReceipt.Unauthorized;
        // GitHub sends ping when the hook is made, whatever events it carries; it is always let through.
        if (received.Event != "ping" && !spec.EventTypes.Contains(received.Event))
        {
            metrics.SourceEventsDropped.Add(1, new KeyValuePair<string, object?>("source", Key));
            return GitHubReceipt.Dropped;
        }
        if (ToEvent(spec, received) is not { } envelope) return GitHubReceipt.Malformed;
        // GitHub does not send a delivery again by itself: the 2xx must mean stored (durable mode).
        await AcceptAsync(envelope);
        return GitHubReceipt.Accepted;
    }

    private static EventEnvelope? ToEvent(GitHubSourceSpec spec, GitHubDelivery received)
    {
        string? subject;
        Dictionary<string, string> extensions;
        try
        {
            using var payload = JsonDocument.Parse(received.Body);
            if (payload.RootElement.ValueKind != JsonValueKind.Object) return null;
            (subject, extensions) = GitHubEventMapper.Map(received.Event, payload.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
        foreach (var (name, value) in spec.Extensions) extensions[name] = value;
        extensions[CloudEventNames.SpecVersion] = "1.0";
        extensions[CloudEventNames.Id] = received.DeliveryId;
        extensions[CloudEventNames.Type] = TypePrefix + received.Event;
        extensions[CloudEventNames.Source] = spec.Source;
        extensions[CloudEventNames.DataContentType] = "application/json";
        if (subject is not null) extensions[CloudEventNames.Subject] = subject;
        return new EventEnvelope(extensions, received.Body);
    }
}
