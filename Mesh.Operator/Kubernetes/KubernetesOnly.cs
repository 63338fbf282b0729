using Mesh.Operator.Resources;

namespace Mesh.Operator.Kubernetes;

/// <summary>The admission rule of kinds that act on a Kubernetes cluster's own objects (ApiServerSource, SinkBinding): refused in local mode.</summary>
public static class KubernetesOnly
{
    public static void Check(ResourceKind kind, OperatorModeOptions mode, FieldErrors errors)
    {
        if (mode.Mode == OperatorMode.Kubernetes) return;
        errors.Add("kind", $"{kind.Kind} needs Kubernetes mode ({OperatorModeOptions.Section}:Mode=Kubernetes): it acts on a Kubernetes cluster's objects, which the local resource API does not have");
    }
}
