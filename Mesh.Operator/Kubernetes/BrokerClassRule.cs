using System.Collections.Concurrent;
using Mesh.Operator.Resources;
using Microsoft.Extensions.Options;
using Mesh.Operator.Kinds.Broker;
using Mesh.Operator.Kinds.Trigger;

namespace Mesh.Operator.Kubernetes;

/// <summary>
/// Which Brokers and Triggers in the cluster are the mesh's, as Knative's broker classes decide:
/// a Broker annotated <c>eventing.knative.dev/broker.class: Mesh</c> (or, with
/// <c>Mesh:Kubernetes:DefaultBrokerClass</c>, one without the annotation), and a Trigger whose
/// Broker is one of those. A Trigger whose Broker does not exist is the mesh's only with the default
/// class, where nobody else would report it. Every other kind is the mesh's.
/// </summary>
public sealed class BrokerClassRule(IOptions<KubernetesOptions> options)
{
    private readonly ConcurrentDictionary<(string Namespace, string Name), bool> _brokers = new();
    private TaskCompletionSource _brokersListed = Gate(open: false);

    /// <summary>A term of leadership starts: Triggers wait for the first Broker list, unless Brokers are not watched.</summary>
    public void BeginTerm(bool brokersWatched)
    {
        _brokers.Clear();
        _brokersListed = Gate(open: !brokersWatched);
    }

    /// <summary>Completes once the Brokers have been listed in this term: until then a Trigger's Broker is not known.</summary>
    public Task BrokersListed(CancellationToken cancellation) => _brokersListed.Task.WaitAsync(cancellation);

    public bool IsOurs(ResourceKind kind, JsonObject obj) =>
        kind.Equals(BrokerKind.Resource) ? IsMeshBroker(obj)
        : kind.Equals(TriggerKind.Resource) ? TriggerIsOurs(obj)
        : true;

    /// <summary>Records a listed or watched Broker; returns whether that changed whether it is the mesh's.</summary>
    public bool Observe(JsonObject broker)
    {
        var key = KeyOf(broker);
        var ours = IsMeshBroker(broker);
        var previous = _brokers.TryGetValue(key, out var was) ? was : (bool?)null;
        _brokers[key] = ours;
        return previous != ours;
    }

    /// <summary>Forgets a deleted Broker; returns whether it was known.</summary>
    public bool Forget(string @namespace, string name) => _brokers.TryRemove((@namespace, name), out _);

    /// <summary>After a Broker (re)list: forgets those not listed, and lets waiting Triggers go.</summary>
    public void Listed(IEnumerable<JsonObject> brokers)
    {
        var listed = brokers.Select(KeyOf).ToHashSet();
        foreach (var key in _brokers.Keys.Where(k => !listed.Contains(k))) _brokers.TryRemove(key, out _);
        _brokersListed.TrySetResult();
    }

    /// <summary>The Broker a Trigger names, when neither the list nor the watch has shown it yet.</summary>
    public (string Namespace, string Name)? UnknownBrokerOf(JsonObject trigger) =>
        (string?)trigger["spec"]?["broker"] is { } name && (string?)trigger["metadata"]?["namespace"] is { } ns && !_brokers.ContainsKey((ns, name))
            ? (ns, name)
            : null;

    /// <summary>Whether a Broker is the mesh's by its own class annotation (or, without one, the default class).</summary>
    public bool IsMeshBroker(JsonObject broker) =>
        (string?)broker["metadata"]?["annotations"]?[BrokerClass.Annotation] is { } brokerClass
            ? brokerClass == BrokerClass.Mesh
            : options.Value.DefaultBrokerClass;

    private bool TriggerIsOurs(JsonObject trigger)
    {
        var brokerName = (string?)trigger["spec"]?["broker"];
        var ns = (string?)trigger["metadata"]?["namespace"];
        if (brokerName is null || ns is null) return options.Value.DefaultBrokerClass;
        return _brokers.TryGetValue((ns, brokerName), out var ours) ? ours : options.Value.DefaultBrokerClass;
    }

    private static (string, string) KeyOf(JsonObject obj) => ((string)obj["metadata"]!["namespace"]!, (string)obj["metadata"]!["name"]!);

    private static TaskCompletionSource Gate(bool open)
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (open) source.SetResult();
        return source;
    }
}
