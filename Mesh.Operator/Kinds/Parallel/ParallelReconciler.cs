using Mesh.Operator.Resources;
using Mesh.Operator.Store;

namespace Mesh.Operator.Reconcilers;

/// <summary>
/// Parallels, built as Knative builds them: an ingress channel; per branch a filter subscription
/// (its subscriber passes an event by replying it) into the branch channel, and a subscription from
/// the branch channel to the branch subscriber, replying to the branch's or the parallel's reply.
/// </summary>
public sealed class ParallelReconciler(DeclarationStore store, TimeProvider time) : IKindReconciler
{
    public ResourceKind Kind => KnativeKinds.Parallel;

    public bool OwnsChildren => true;

    public static string IngressName(string parallel) => $"{parallel}-kn-parallel";
    public static string BranchName(string parallel, int branch) => $"{parallel}-kn-parallel-{branch}";
    public static string FilterName(string parallel, int branch) => $"{parallel}-kn-parallel-filter-{branch}";

    public void Validate(Declaration declaration, FieldErrors errors)
    {
        var spec = declaration.Spec;
        if (spec["branches"] is not JsonArray { Count: > 0 } branches)
        {
            errors.Add("spec.branches", "branches must be a non-empty list");
        }
        else
        {
            for (var i = 0; i < branches.Count; i++)
            {
                var path = $"spec.branches[{i}]";
                if (branches[i] is not JsonObject branch)
                {
                    errors.Add(path, "a branch must be an object with subscriber and optional filter, reply, delivery");
                    continue;
                }
                Destinations.Validate(branch["subscriber"], $"{path}.subscriber", errors, required: true);
                Destinations.Validate(branch["filter"], $"{path}.filter", errors, required: false);
                Destinations.Validate(branch["reply"], $"{path}.reply", errors, required: false);
                DeliveryDeclarations.Validate(branch["delivery"], $"{path}.delivery", errors);
            }
        }
        Destinations.Validate(spec["reply"], "spec.reply", errors, required: false);
        ChannelTemplates.Validate(spec["channelTemplate"], "spec.channelTemplate", errors);
    }

    public IReadOnlyList<ChildDeclaration> DesiredChildren(Declaration declaration)
    {
        var ns = declaration.Namespace;
        var channelSpec = ChannelTemplates.SpecFor(declaration.Spec["channelTemplate"]);
        var ingress = IngressName(declaration.Name);
        var children = new List<ChildDeclaration> { new(KnativeKinds.InMemoryChannel, ingress, channelSpec) };
        var branches = declaration.Spec["branches"]!.AsArray();
        for (var i = 0; i < branches.Count; i++)
        {
            var branch = branches[i]!.AsObject();
            var branchChannel = BranchName(declaration.Name, i);
            children.Add(new(KnativeKinds.InMemoryChannel, branchChannel, (JsonObject)channelSpec.DeepClone()));

            // Without a filter, the filter subscription forwards every event to the branch channel.
            var filter = new JsonObject
            {
                ["channel"] = References.To(KnativeKinds.InMemoryChannel, ns, ingress),
                ["reply"] = References.Destination(KnativeKinds.InMemoryChannel, ns, branchChannel),
            };
            if (branch["filter"] is { } filterDestination) filter["subscriber"] = filterDestination.DeepClone();
            children.Add(new(KnativeKinds.Subscription, FilterName(declaration.Name, i), filter));

            var subscription = new JsonObject
            {
                ["channel"] = References.To(KnativeKinds.InMemoryChannel, ns, branchChannel),
                ["subscriber"] = branch["subscriber"]!.DeepClone(),
            };
            if ((branch["reply"] ?? declaration.Spec["reply"]) is { } reply) subscription["reply"] = reply.DeepClone();
            if (branch["delivery"] is { } delivery) subscription["delivery"] = delivery.DeepClone();
            children.Add(new(KnativeKinds.Subscription, BranchName(declaration.Name, i), subscription));
        }
        return children;
    }

    public async Task<JsonObject> ReconcileAsync(Declaration declaration, CancellationToken cancellation)
    {
        var ns = declaration.Namespace;
        var ingress = await store.GetAsync(new ObjectKey(KnativeKinds.InMemoryChannel, ns, IngressName(declaration.Name)));
        var channelsReady = Conditions.IsReady(ingress);
        var subscriptionsReady = true;
        var branchStatuses = new JsonArray();
        for (var i = 0; i < declaration.Spec["branches"]!.AsArray().Count; i++)
        {
            var channel = await store.GetAsync(new ObjectKey(KnativeKinds.InMemoryChannel, ns, BranchName(declaration.Name, i)));
            var filter = await store.GetAsync(new ObjectKey(KnativeKinds.Subscription, ns, FilterName(declaration.Name, i)));
            var subscription = await store.GetAsync(new ObjectKey(KnativeKinds.Subscription, ns, BranchName(declaration.Name, i)));
            channelsReady &= Conditions.IsReady(channel);
            subscriptionsReady &= Conditions.IsReady(filter) && Conditions.IsReady(subscription);
            branchStatuses.Add(new JsonObject
            {
                ["filterChannelStatus"] = new JsonObject { ["channel"] = References.To(KnativeKinds.InMemoryChannel, ns, BranchName(declaration.Name, i)), ["ready"] = References.ReadyOf(channel) },
                ["filterSubscriptionStatus"] = new JsonObject { ["subscription"] = References.To(KnativeKinds.Subscription, ns, FilterName(declaration.Name, i)), ["ready"] = References.ReadyOf(filter) },
                ["subscriberSubscriptionStatus"] = new JsonObject { ["subscription"] = References.To(KnativeKinds.Subscription, ns, BranchName(declaration.Name, i)), ["ready"] = References.ReadyOf(subscription) },
            });
        }
        var address = ingress?.Status["address"]?.DeepClone();
        var conditions = new Conditions(declaration.Status, time)
            .Set("ChannelsReady", channelsReady, channelsReady ? "ChannelsReady" : "ChannelsNotReady", channelsReady ? null : "not every channel is Ready")
            .Set("SubscriptionsReady", subscriptionsReady, subscriptionsReady ? "SubscriptionsReady" : "SubscriptionsNotReady",
                subscriptionsReady ? null : "not every subscription is Ready (see branchStatuses)")
            .Set("Addressable", address is not null, address is not null ? "Addressable" : "NotAddressable");
        var status = new JsonObject
        {
            ["observedGeneration"] = declaration.Generation,
            ["conditions"] = conditions.WithReady(),
            ["ingressChannelStatus"] = new JsonObject { ["channel"] = References.To(KnativeKinds.InMemoryChannel, ns, IngressName(declaration.Name)), ["ready"] = References.ReadyOf(ingress) },
            ["branchStatuses"] = branchStatuses,
        };
        if (address is not null) status["address"] = address;
        return status;
    }

    public Task RemoveAsync(Declaration declaration, CancellationToken cancellation) => Task.CompletedTask;

    public IEnumerable<ObjectKey> DependsOn(Declaration declaration) =>
        DesiredChildren(declaration).Select(c => new ObjectKey(c.Kind, declaration.Namespace, c.Name));
}
