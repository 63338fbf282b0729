using System.Security.Cryptography;
using System.Text.Json;
using Mesh.Grains.Delivery;
using Mesh.Grains.Durability;
using Mesh.Grains.Telemetry;
using Mesh.Grains.Events;
using Mesh.Grains.Secrets;

namespace Mesh.Grains.Sources.GitHub;

// Always active: the dispatcher holds queued events and pending retries in memory.
[GrainType("mesh.githubsource"), CollectionAgeLimit(AlwaysActive = true)]
public sealed class GitHubSourceGrain(
    [PersistentState("githubsource", "mesh")] IPersistentState<GitHubSourceState> state,
    DeliveryServices delivery,
    MeshMetrics metrics,
    SecretProtector protector) : DeliveringGrain<GitHubSourceState>(state, delivery), IGitHubSourceGrain
{
    public const string TypePrefix = "dev.knative.source.github.";

    // The webhook secret in the clear, in memory only: the state keeps it protected.
    private string? _secret;

    protected override string Consumer => JournalNames.GitHubSource(Key);

    protected override bool Exists => Storage.State.Spec is not null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Storage.State.Spec is { SecretToken: { } stored } spec && !SecretProtector.IsProtected(stored))
        {
            // Stored in the clear by an earlier version: rewritten protected.
            Storage.State.Spec = spec with { SecretToken = protector.Protect(stored) };
            await Storage.WriteStateAsync();
        }
        _secret = Reveal(Storage.State.Spec?.SecretToken);
        await base.OnActivateAsync(cancellationToken);
    }

    protected override DispatchTarget? CurrentTarget() => Storage.State.Spec is { SinkUri: { } sink } spec
        ? new DispatchTarget(Key, Namespace, new Uri(sink), spec.Delivery)
        {
            CountsBrokerHops = false,
            AsksForReplies = false,
            SubscriberAuth = spec.SinkAuth,
            Scope = DeliveryScope.Source("githubsources", Key),
            Sender = Identity.OidcSubjects.For("sources.knative.dev", "GitHubSource", Key),
        }
        : null;

    public async Task Configure(GitHubSourceSpec spec)
    {
        Storage.State.Spec = spec.SecretToken is { } secret ? spec with { SecretToken = protector.Protect(secret) } : spec;
        await Storage.WriteStateAsync();
        _secret = Reveal(Storage.State.Spec.SecretToken);
        ApplyTarget();
    }

    public Task Remove() => RemoveDeliveringAsync();

    public async Task<GitHubReceipt> Receive(GitHubDelivery received)
    {
        if (Storage.State.Spec is not { } spec)
        {
            // A made-up name must cost nothing that lasts.
            DeactivateOnIdle();
            return GitHubReceipt.NotFound;
        }
        if (_secret is null || Dispatcher is null) return GitHubReceipt.NotReady;
        if (!WebhookSignature.Verify(received.Body, _secret, received.Signature256, received.Signature1))
            return GitHubReceipt.Unauthorized;
        // GitHub sends ping when the hook is made, whatever events it carries; it is always let through.
        if (received.Event != "ping" && !spec.EventTypes.Contains(received.Event))
        {
            metrics.SourceEvents.Add(1, [.. DeliveryScope.Source("githubsources", Key).Tags, new(TagNames.Outcome, "dropped")]);
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
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not JSON, or a string that is not text (an escaped lone surrogate): signed, but malformed.
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

    // A key ring that lost the key (a data directory restored without its keys) leaves the source
    // not ready until the operator configures it again, which it does at every start.
    private string? Reveal(string? stored)
    {
        if (stored is null) return null;
        try
        {
            return protector.Unprotect(stored);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
