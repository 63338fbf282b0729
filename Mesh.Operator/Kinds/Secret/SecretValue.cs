namespace Mesh.Operator.Kinds.Secret;

/// <summary>A resolved <c>secretKeyRef</c>: the value, or why there is none.</summary>
/// <param name="Version">The Secret's version, so that a changed value can be told apart.</param>
/// <param name="Retry">Whether the failure may pass by itself (the Secret could not be read), so the reconcile should be retried.</param>
public sealed record SecretValue(string? Value, string Version, string? Reason = null, string? Message = null, bool Retry = false)
{
    public bool Resolved => Value is not null;

    // Never print the value.
    public override string ToString() => Resolved ? $"SecretValue(version {Version})" : $"SecretValue({Reason})";
}
