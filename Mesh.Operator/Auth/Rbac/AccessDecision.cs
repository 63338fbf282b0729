namespace Mesh.Operator.Auth.Rbac;

/// <summary>The authorizer's answer, with the reason Kubernetes would give (which binding allowed it).</summary>
public sealed record AccessDecision(bool Allowed, string Reason)
{
    public static AccessDecision Deny(string reason = "") => new(false, reason);
}
