namespace Mesh.Grains.Events;

/// <summary>What an ingress (broker or channel) keeps: its spec, and whether the control plane found it ready.</summary>
[GenerateSerializer, Alias("mesh.ingress-state`1")]
public class IngressState<TSpec> where TSpec : class
{
    [Id(0)] public TSpec? Spec { get; set; }
    [Id(1)] public bool Ready { get; set; }
    /// <summary>Who may send (EventPolicy); null until the control plane has said.</summary>
    [Id(2)] public Senders.SenderRules? Senders { get; set; }
}
