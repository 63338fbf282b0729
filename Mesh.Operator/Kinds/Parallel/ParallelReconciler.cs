using Mesh.Operator.Addressing;
using Mesh.Operator.Conditions;
using Mesh.Operator.Flows;
using Mesh.Operator.Kinds.Channel;
using Mesh.Operator.Kinds.InMemoryChannel;
using Mesh.Operator.Kinds.Subscription;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;

namespace Mesh.Operator.Kinds.Parallel;

/// <summary>
/// Parallels, built as Knative builds them: an ingress channel; per branch a filter subscription
/// (its subscriber passes an event by replying it) into the branch channel, and a subscription from
/// the branch channel to the branch subscriber, replying to the branch's or the parallel's reply.
/// </summary>
public sealed class ParallelReconciler(DeclarationStore store, TimeProvider time) : IKindReconciler<ParallelDeclaration>
{
    public static string IngressName(string parallel) => $"{parallel}-kn-parallel";
    public static string BranchName(string parallel, int branch) => $"{parallel}-kn-parallel-{branch}";
    public static string FilterName(string parallel, int branch) => $"{parallel}-kn-parallel-filter-{branch}";

    // Channels first, so that the filter subscriptions replying to branch channels resolve at once.
    public IReadOnlyList<ChildDeclaration> DesiredChildren(Declared<ParallelDeclaration> parallel)
    {
        var ns = parallel.Namespace;
        var name = parallel.Name;
        var channelSpec = ChannelTemplate.ChannelSpec(parallel.Spec.Template);
        var channels = new List<ChildDeclaration> { new(InMemoryChannelKind.Resource, IngressName(name), channelSpec) };
        var subscriptions = new List<ChildDeclaration>();
        for (var i = 0; i < parallel.Spec.Branches.Count; i++)
        {
            var branch = parallel.Spec.Branches[i];
            channels.Add(new(InMemoryChannelKind.Resource, BranchName(name, i), (JsonObject)channelSpec.DeepClone()));
            // Without a filter, the filter subscription forwards every event to the branch channel.
            var filter = new SubscriptionDeclaration(KReference.To(InMemoryChannelKind.Resource, ns, IngressName(name)), branch.Filter,
                Destination.To(InMemoryChannelKind.Resource, ns, BranchName(name, i)), null);
            subscriptions.Add(new(SubscriptionKind.Resource, FilterName(name, i), filter.ToJson()));
            var subscriber = new SubscriptionDeclaration(KReference.To(InMemoryChannelKind.Resource, ns, BranchName(name, i)), branch.Subscriber,
                branch.Reply ?? parallel.Spec.Reply, branch.Delivery);
            subscriptions.Add(new(SubscriptionKind.Resource, BranchName(name, i), subscriber.ToJson()));
        }
        return [.. channels, .. subscriptions];
    }

    public async Task<JsonObject> ReconcileAsync(Declared<ParallelDeclaration> parallel, CancellationToken cancellation)
    {
        var ns = parallel.Namespace;
        var name = parallel.Name;
        var ingress = await store.GetAsync(new ObjectKey(InMemoryChannelKind.Resource, ns, IngressName(name)));
        var channelsReady = Readiness.IsReady(ingress);
        var subscriptionsReady = true;
        var branchStatuses = new JsonArray();
        for (var i = 0; i < parallel.Spec.Branches.Count; i++)
        {
            var channel = await store.GetAsync(new ObjectKey(InMemoryChannelKind.Resource, ns, BranchName(name, i)));
            var filter = await store.GetAsync(new ObjectKey(SubscriptionKind.Resource, ns, FilterName(name, i)));
            var subscription = await store.GetAsync(new ObjectKey(SubscriptionKind.Resource, ns, BranchName(name, i)));
            channelsReady &= Readiness.IsReady(channel);
            subscriptionsReady &= Readiness.IsReady(filter) && Readiness.IsReady(subscription);
            branchStatuses.Add(new JsonObject
            {
                ["filterChannelStatus"] = OwnedStatus.Of("channel", InMemoryChannelKind.Resource, ns, BranchName(name, i), channel),
                ["filterSubscriptionStatus"] = OwnedStatus.Of("subscription", SubscriptionKind.Resource, ns, FilterName(name, i), filter),
                ["subscriberSubscriptionStatus"] = OwnedStatus.Of("subscription", SubscriptionKind.Resource, ns, BranchName(name, i), subscription),
            });
        }
        var address = ingress?.Status["address"]?.DeepClone();
        var conditions = new FlowConditions(parallel.Status, time, "", "branchStatuses");
        conditions.MarkChannels(channelsReady);
        conditions.MarkSubscriptions(subscriptionsReady);
        conditions.MarkAddressable(address is not null);
        var status = new JsonObject
        {
            ["observedGeneration"] = parallel.Generation,
            ["conditions"] = conditions.ToJson(),
            ["ingressChannelStatus"] = OwnedStatus.Of("channel", InMemoryChannelKind.Resource, ns, IngressName(name), ingress),
            ["branchStatuses"] = branchStatuses,
        };
        if (address is not null) status["address"] = address;
        return status;
    }

    public IEnumerable<ObjectKey> DependsOn(Declared<ParallelDeclaration> parallel) =>
        DesiredChildren(parallel).Select(c => new ObjectKey(c.Kind, parallel.Namespace, c.Name));
}
