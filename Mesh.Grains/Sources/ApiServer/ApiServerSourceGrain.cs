using Mesh.Grains.Delivery;
using Mesh.Grains.Durability;
using Mesh.Grains.Events;
using Mesh.Grains.Telemetry;

namespace Mesh.Grains.Sources.ApiServer;

// Always active: the dispatcher holds queued events and pending retries in memory.
[GrainType("mesh.apiserversource"), CollectionAgeLimit(AlwaysActive = true)]
public sealed class ApiServerSourceGrain(
    [PersistentState("apiserversource", "mesh")] IPersistentState<ApiServerSourceState> state,
    DeliveryServices delivery) : DeliveringGrain<ApiServerSourceState>(state, delivery), IApiServerSourceGrain
{
    protected override string Consumer => JournalNames.ApiServerSource(Key);

    protected override bool Exists => Storage.State.Spec is not null;

    protected override DispatchTarget? CurrentTarget() => Storage.State.Spec is { SinkUri: { } sink } spec
        ? new DispatchTarget(Key, Namespace, new Uri(sink), spec.Delivery)
        {
            CountsBrokerHops = false,
            AsksForReplies = false,
            SubscriberAuth = spec.SinkAuth,
            Scope = DeliveryScope.Source("apiserversources", Key),
            Sender = Identity.OidcSubjects.For("sources.knative.dev", "ApiServerSource", Key),
        }
        : null;

    public async Task Configure(ApiServerSourceSpec spec)
    {
        Storage.State.Spec = spec;
        await Storage.WriteStateAsync();
        ApplyTarget();
    }

    public Task Remove() => RemoveDeliveringAsync();

    public async Task<bool> Receive(EventEnvelope change)
    {
        if (Storage.State.Spec is not { SinkUri: not null } spec || Dispatcher is null) return false;
        var attributes = new Dictionary<string, string>(change.Attributes, StringComparer.Ordinal);
        foreach (var (name, value) in spec.Extensions) attributes[name] = value;
        await AcceptAsync(change with { Attributes = attributes });
        return true;
    }
}
