namespace Mesh.Operator.Kubernetes;

/// <summary>Where declarations come from, bound from <c>Mesh:Operator</c>.</summary>
public sealed class OperatorModeOptions
{
    public const string Section = "Mesh:Operator";

    /// <summary><c>Local</c> (default): the resource API only. <c>Kubernetes</c>: custom resources watched on a cluster.</summary>
    public OperatorMode Mode { get; set; } = OperatorMode.Local;
}

public enum OperatorMode
{
    Local,
    Kubernetes,
}
