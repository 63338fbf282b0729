using Mesh.Grains.Senders;
using Orleans.Concurrency;
using Mesh.Grains.Events;

namespace Mesh.Grains.Brokers;

/// <summary>A broker, keyed <c>"{namespace}/{name}"</c>: accepts events and hands them to its router, which routes them to its triggers.</summary>
[Alias("mesh.IBrokerGrain")]
public interface IBrokerGrain : IGrainWithStringKey
{
    /// <summary>Stores the broker's spec and whether the control plane found it ready to take events.</summary>
    [Alias("Configure")]
    Task Configure(BrokerSpec spec, bool ready);

    /// <summary>Stores who may send to the broker (its audience and the EventPolicies that apply).</summary>
    [Alias("ConfigureSenders")]
    Task ConfigureSenders(SenderRules rules);

    /// <summary>Who may send, for the ingress; null when the broker does not exist or was never configured.</summary>
    [Alias("Senders"), AlwaysInterleave, ReadOnly]
    Task<SenderRules?> Senders();

    /// <summary>Forgets the broker; its ingress answers 404 afterwards.</summary>
    [Alias("Remove")]
    Task Remove();

    /// <summary>Offers events to the broker: all are taken, or none.</summary>
    [Alias("Publish"), AlwaysInterleave]
    Task<PublishResult> Publish(EventEnvelope[] events);

    /// <summary>
    /// Offers events sent by a mesh object of this silo (a trigger's reply) as <paramref name="subject"/>:
    /// the EventPolicies (or the default authorization mode) decide as at the ingress.
    /// </summary>
    [Alias("PublishAs"), AlwaysInterleave]
    Task<PublishResult> PublishAs(string subject, EventEnvelope[] events);
}
