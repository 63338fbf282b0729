namespace Mesh.Grains.Egress;

/// <summary>Whether the policy lets a request through, and if not, a sentence saying why and which setting decides.</summary>
public readonly record struct EgressDecision(bool Allowed, string? Reason)
{
    public static EgressDecision Allow { get; } = new(true, null);

    public static EgressDecision Refuse(string reason) => new(false, reason);
}
