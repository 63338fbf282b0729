using Mesh.Grains.Sources.Ping;
using Mesh.Operator.Addressing;
using Mesh.Operator.Resources;
using Mesh.Operator.Sources;

namespace Mesh.Operator.Kinds.PingSource;

/// <summary>PingSources: a cron schedule whose ticks a grain sends to the sink, with the mesh's retries and dead letters.</summary>
public sealed class PingSourceReconciler(IGrainFactory grains, DestinationResolver resolver, TimeProvider time) : IKindReconciler<PingSourceDeclaration>
{
    public async Task<JsonObject> ReconcileAsync(Declared<PingSourceDeclaration> source, CancellationToken cancellation)
    {
        var ns = source.Namespace;
        var spec = source.Spec;
        var conditions = new PingSourceConditions(source.Status, time);
        var status = new JsonObject();

        var target = await SourceTarget.ResolveAsync(resolver, spec.Sink, spec.Delivery, ns, conditions, status);
        var eventSource = $"/apis/v1/namespaces/{ns}/pingsources/{source.Name}";
        await grains.GetGrain<IPingSourceGrain>(source.Key.GrainKey).Configure(new PingSourceSpec(
            spec.Schedule, spec.Timezone, spec.ContentType, spec.Data, spec.CeOverrides.ToDictionary(), eventSource,
            target.SinkUri, target.DeliverySpec, target.SinkAuth));

        status["observedGeneration"] = source.Generation;
        status["conditions"] = conditions.ToJson();
        status["ceAttributes"] = new JsonArray(new JsonObject { ["type"] = PingSourceGrain.EventType, ["source"] = eventSource });
        return status;
    }

    public Task RemoveAsync(Declaration declaration, PingSourceDeclaration? spec, CancellationToken cancellation) =>
        grains.GetGrain<IPingSourceGrain>(declaration.Key.GrainKey).Remove();

    public IEnumerable<ObjectKey> DependsOn(Declared<PingSourceDeclaration> source)
    {
        if (resolver.Target(source.Spec.Sink, source.Namespace) is { } sink) yield return sink;
        if (resolver.Target(source.Spec.Delivery?.DeadLetterSink, source.Namespace) is { } dls) yield return dls;
    }
}
