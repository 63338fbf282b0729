using System.Security.Cryptography;
using System.Text.Json;
using Mesh.Grains.Delivery;
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
    SecretProtector protector) : Grain, IGitHubSourceGrain
{
    public const string TypePrefix = "dev.knative.source.github.";

    private Dispatcher? _dispatcher;
    // The webhook secret in the clear, in memory only: the state keeps it protected.
    private string? _secret;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Spec is { SecretToken: { } stored } spec && !SecretProtector.IsProtected(stored))
        {
            // Stored in the clear by an earlier version: rewritten protected.
            state.State.Spec = spec with { SecretToken = protector.Protect(stored) };
            await state.WriteStateAsync();
        }
        Apply();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dispatcher is not null) await _dispatcher.DisposeAsync();
    }

    public async Task Configure(GitHubSourceSpec spec)
    {
        state.State.Spec = spec.SecretToken is { } secret ? spec with { SecretToken = protector.Protect(secret) } : spec;
        await state.WriteStateAsync();
        Apply();
    }

    public async Task Remove()
    {
        if (_dispatcher is not null)
        {
            await _dispatcher.DisposeAsync();
            _dispatcher = null;
        }
        if (state.RecordExists) await state.ClearStateAsync();
        state.State = new GitHubSourceState();
        DeactivateOnIdle();
    }

    public Task<GitHubReceipt> Receive(GitHubDelivery received)
    {
        if (state.State.Spec is not { } spec)
        {
            // A made-up name must cost nothing that lasts.
            DeactivateOnIdle();
            return Task.FromResult(GitHubReceipt.NotFound);
        }
        if (_secret is null || _dispatcher is null) return Task.FromResult(GitHubReceipt.NotReady);
        if (!WebhookSignature.Verify(received.Body, _secret, received.Signature256, received.Signature1))
            return Task.FromResult(GitHubReceipt.Unauthorized);
        // GitHub sends ping when the hook is made, whatever events it carries; it is always let through.
        if (received.Event != "ping" && !spec.EventTypes.Contains(received.Event))
        {
            metrics.SourceEvents.Add(1, [.. DeliveryScope.Source("githubsources", this.GetPrimaryKeyString()).Tags, new(TagNames.Outcome, "dropped")]);
            return Task.FromResult(GitHubReceipt.Dropped);
        }
        if (ToEvent(spec, received) is not { } envelope) return Task.FromResult(GitHubReceipt.Malformed);
        _dispatcher.Enqueue(envelope);
        return Task.FromResult(GitHubReceipt.Accepted);
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

    private void Apply()
    {
        _secret = Reveal(state.State.Spec?.SecretToken);
        if (state.State.Spec is not { SinkUri: { } sink } spec) return;
        var key = this.GetPrimaryKeyString();
        var target = new DispatchTarget(key, key.Split('/')[0], new Uri(sink), spec.Delivery)
        {
            CountsBrokerHops = false,
            SubscriberAuth = spec.SinkAuth,
            Scope = DeliveryScope.Source("githubsources", key),
            Sender = Identity.OidcSubjects.For("sources.knative.dev", "GitHubSource", key),
        };
        if (_dispatcher is null) _dispatcher = delivery.CreateDispatcher(target, replies: null);
        else _dispatcher.Target = target;
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
