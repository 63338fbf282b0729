namespace Mesh.Grains.Senders;

/// <summary>
/// What a broker or channel grain keeps for sender authentication: the audience a sender's token
/// must name and the EventPolicies that apply (none: the default authorization mode decides).
/// Computed by the control plane when the target or a policy changes, read by the ingress.
/// </summary>
[GenerateSerializer, Immutable, Alias("mesh.sender-rules")]
public sealed record SenderRules(
    [property: Id(0)] string Audience,
    [property: Id(1)] SenderRule[] Rules)
{
    public bool SameAs(SenderRules? other) =>
        other is not null && Audience == other.Audience && Rules.Length == other.Rules.Length
        && Rules.Zip(other.Rules).All(pair => pair.First.SameAs(pair.Second));
}
