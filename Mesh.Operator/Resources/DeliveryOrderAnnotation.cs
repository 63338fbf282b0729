using Mesh.Grains.Delivery;

namespace Mesh.Operator.Resources;

/// <summary>
/// <c>mesh.dev/delivery-order</c> on a Trigger or Subscription: <c>ordered</c> delivers events of one
/// <c>partitionkey</c> one at a time, in acceptance order; <c>unordered</c> (or no annotation) does not.
/// </summary>
public static class DeliveryOrderAnnotation
{
    public const string Name = "mesh.dev/delivery-order";

    public static void Validate(Declaration declaration, FieldErrors errors)
    {
        var node = declaration.Metadata["annotations"]?[Name];
        if (node is null) return;
        if (Destinations.Text(node) is not ("ordered" or "unordered"))
            errors.Add($"metadata.annotations.{Name}", $"must be 'ordered' or 'unordered' (was {node.ToJsonString()})");
    }

    public static DeliveryOrder Read(Declaration declaration) =>
        Destinations.Text(declaration.Metadata["annotations"]?[Name]) == "ordered" ? DeliveryOrder.Ordered : DeliveryOrder.Unordered;
}
