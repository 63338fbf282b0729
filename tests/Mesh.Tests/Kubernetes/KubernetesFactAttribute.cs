namespace Mesh.Tests.Kubernetes;

/// <summary>A fact that needs the real API server: skipped, with the reason, where it cannot run.</summary>
public sealed class KubernetesFactAttribute : FactAttribute
{
    public KubernetesFactAttribute()
    {
        if (KubernetesBinaries.MissingReason is { } reason) Skip = reason;
    }
}
