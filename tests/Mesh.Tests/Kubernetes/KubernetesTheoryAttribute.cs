namespace Mesh.Tests.Kubernetes;

/// <summary>A theory that needs the real API server: skipped, with the reason, where it cannot run.</summary>
public sealed class KubernetesTheoryAttribute : TheoryAttribute
{
    public KubernetesTheoryAttribute()
    {
        if (KubernetesBinaries.MissingReason is { } reason) Skip = reason;
    }
}
