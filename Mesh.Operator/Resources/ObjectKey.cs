namespace Mesh.Operator.Resources;

/// <summary>Identifies one declared object: its kind and where it lives.</summary>
public sealed record ObjectKey(ResourceKind Kind, string Namespace, string Name)
{
    /// <summary>The key of the object's declaration grain.</summary>
    public string StoreKey => $"{Kind.Group}/{Kind.Plural}/{Namespace}/{Name}";

    /// <summary>The key the kind's data-plane grain uses.</summary>
    public string GrainKey => $"{Namespace}/{Name}";

    public override string ToString() => $"{Kind.QualifiedName}/{Namespace}/{Name}";
}
