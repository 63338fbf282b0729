namespace Mesh.Operator.Conditions;

/// <summary>A condition's status, written as Kubernetes writes it.</summary>
public enum ConditionStatus
{
    Unknown,
    True,
    False,
}
