using System.Collections.Concurrent;
using Mesh.Grains.Sources.ApiServer;
using Mesh.Operator.Addressing;
using Mesh.Operator.Kubernetes;
using Mesh.Operator.Resources;
using Mesh.Operator.Sources;

namespace Mesh.Operator.Kinds.ApiServerSource;

/// <summary>
/// ApiServerSources: the leader watches the named kinds in the source's namespace with the mesh's own
/// credentials, once a SubjectAccessReview says the source's ServiceAccount may get, list and watch
/// each of them, and hands every change to the source's grain, which delivers it to the sink.
/// </summary>
public sealed class ApiServerSourceReconciler(
    IGrainFactory grains, DestinationResolver resolver, ClusterDiscovery discovery, AccessReviews reviews,
    ApiServerWatches watches, TimeProvider time) : IKindReconciler<ApiServerSourceDeclaration>
{
    private static readonly TimeSpan FirstRecheck = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRecheck = TimeSpan.FromSeconds(30);
    private static readonly string[] Verbs = ["get", "list", "watch"];

    // Sources whose permissions (or kinds) were missing: RBAC changes give no signal, so they are looked at again.
    private readonly ConcurrentDictionary<ObjectKey, int> _rechecks = new();

    public async Task<JsonObject> ReconcileAsync(Declared<ApiServerSourceDeclaration> source, CancellationToken cancellation)
    {
        var ns = source.Namespace;
        var spec = source.Spec;
        var conditions = new ApiServerSourceConditions(source.Status, time);
        var status = new JsonObject();

        var target = await SourceTarget.ResolveAsync(resolver, spec.Sink, spec.Delivery, ns, conditions, status);
        await grains.GetGrain<IApiServerSourceGrain>(source.Key.GrainKey).Configure(new ApiServerSourceSpec(
            target.SinkUri, target.DeliverySpec, spec.CeOverrides.ToDictionary(), target.SinkAuth));

        var plan = await PlanAsync(source, conditions, cancellation);
        if (plan is null || !target.Active)
        {
            watches.Stop(source.Key);
            if (plan is not null) conditions.MarkNotWatching("SinkNotResolved", "nothing is watched until the sink resolves");
        }
        else
        {
            _rechecks.TryRemove(source.Key, out _);
            watches.Ensure(source.Key, plan);
            conditions.MarkWatching($"watching {string.Join(", ", plan.Resources.Select(r => r.Describe()))} in {ns}");
        }

        status["observedGeneration"] = source.Generation;
        status["conditions"] = conditions.ToJson();
        status["ceAttributes"] = new JsonArray([.. ApiServerChanges.TypesFor(spec.Mode).Select(t => (JsonNode)new JsonObject { ["type"] = t, ["source"] = watches.SourceUrl })]);
        return status;
    }

    public TimeSpan? RequeueAfter(Declared<ApiServerSourceDeclaration> source)
    {
        if (!_rechecks.TryGetValue(source.Key, out var failures)) return null;
        var wait = FirstRecheck * Math.Pow(2, Math.Min(failures - 1, 10));
        return wait > LastRecheck ? LastRecheck : wait;
    }

    public async Task RemoveAsync(Declaration declaration, ApiServerSourceDeclaration? spec, CancellationToken cancellation)
    {
        _rechecks.TryRemove(declaration.Key, out _);
        watches.Stop(declaration.Key);
        await grains.GetGrain<IApiServerSourceGrain>(declaration.Key.GrainKey).Remove();
    }

    public IEnumerable<ObjectKey> DependsOn(Declared<ApiServerSourceDeclaration> source)
    {
        if (resolver.Target(source.Spec.Sink, source.Namespace) is { } sink) yield return sink;
        if (resolver.Target(source.Spec.Delivery?.DeadLetterSink, source.Namespace) is { } dls) yield return dls;
    }

    /// <summary>Finds each kind and checks the ServiceAccount's and the mesh's permissions; null (conditions marked) when it may not watch.</summary>
    private async Task<ApiServerWatchPlan?> PlanAsync(Declared<ApiServerSourceDeclaration> source, ApiServerSourceConditions conditions, CancellationToken cancellation)
    {
        var ns = source.Namespace;
        var spec = source.Spec;
        var user = $"system:serviceaccount:{ns}:{spec.ServiceAccountName}";
        var resources = new List<WatchedResource>();
        var denied = new List<string>();
        var meshDenied = new List<string>();
        try
        {
            foreach (var resource in spec.Resources)
            {
                if (await discovery.FindAsync(resource.ApiVersion, resource.Kind, cancellation) is not { } kind)
                {
                    Recheck(source.Key);
                    conditions.MarkPermissionsUnchecked("ResourceNotFound", $"the cluster serves no kind {resource.Kind} in {resource.ApiVersion}");
                    conditions.MarkNotWatching("ResourceNotFound", $"the cluster serves no kind {resource.Kind} in {resource.ApiVersion}");
                    return null;
                }
                var what = kind.Group.Length == 0 ? kind.Plural : $"{kind.Plural}.{kind.Group}";
                var missing = await reviews.MissingAsync(user, kind, ns, Verbs, cancellation);
                if (missing.Count > 0) denied.Add($"{string.Join(", ", missing)} {what}");
                var meshMissing = await reviews.MissingForSelfAsync(kind, ns, Verbs, cancellation);
                if (meshMissing.Count > 0) meshDenied.Add($"{string.Join(", ", meshMissing)} {what}");
                resources.Add(new WatchedResource(kind, ns, resource.Selector?.ToQuery() ?? ""));
            }
        }
        catch (HttpRequestException e)
        {
            Recheck(source.Key);
            conditions.MarkPermissionsUnchecked("ApiServerUnreachable", $"the permissions could not be checked: {e.Message}");
            conditions.MarkNotWatching("ApiServerUnreachable", e.Message);
            return null;
        }
        if (denied.Count > 0)
        {
            Recheck(source.Key);
            conditions.MarkInsufficientPermissions($"{user} may not {string.Join("; ", denied)} in namespace {ns}");
            conditions.MarkNotWatching("InsufficientPermissions", "nothing is watched until the ServiceAccount may get, list and watch every resource");
            return null;
        }
        conditions.MarkSufficientPermissions();
        if (meshDenied.Count > 0)
        {
            Recheck(source.Key);
            conditions.MarkNotWatching("MeshNotPermitted", $"the mesh's own ServiceAccount may not {string.Join("; ", meshDenied)} in namespace {ns}; bind it a role that allows them (docs/kubernetes.md)");
            return null;
        }
        return new ApiServerWatchPlan(source.Key, resources, spec.Mode, spec.Owner);
    }

    private void Recheck(ObjectKey key) => _rechecks.AddOrUpdate(key, 1, (_, n) => n + 1);
}
