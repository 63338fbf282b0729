using System.Text.Json;
using Mesh.Grains.Delivery;
using Mesh.Grains.Telemetry;
using Mesh.Grains.Events;

namespace Mesh.Grains.Sources.GitHub;

// Always active: the dispatcher holds queued events and pending retries in memory.
[GrainType("mesh.githubsource"), CollectionAgeLimit(AlwaysActive = true)]
public sealed class GitHubSourceGrain(
    [PersistentState("githubsource", "mesh")] IPersistentState<GitHubSourceState> state,
    DeliveryServices delivery,
    MeshMetrics metrics) : Grain, IGitHubSourceGrain
{
    public const string TypePrefix = "dev.knative.source.github.";

    private Dispatcher? _dispatcher;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Apply();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dispatcher is not null) await _dispatcher.DisposeAsync();
    }

    public async Task Configure(GitHubSourceSpec spec)
    {
        state.State.Spec = spec;
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
        if (state.State.Spec is not { } spec) return Task.FromResult(GitHubReceipt.NotFound);
        if (spec.SecretToken is null || _dispatcher is null) return Task.FromResult(GitHubReceipt.NotReady);
        if (!WebhookSignature.Verify(received.Body, spec.SecretToken, received.Signature256, received.Signature1))
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

    private void Apply()
    {
        if (state.State.Spec is not { SinkUri: { } sink } spec) return;
        var target = new DispatchTarget(this.GetPrimaryKeyString(), this.GetPrimaryKeyString().Split('/')[0], new Uri(sink), spec.Delivery) { CountsBrokerHops = false, Scope = DeliveryScope.Source("githubsources", this.GetPrimaryKeyString()) };
        if (_dispatcher is null) _dispatcher = delivery.CreateDispatcher(target, replies: null);
        else _dispatcher.Target = target;
    }
}
