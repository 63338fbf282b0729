using Mesh.Grains.Delivery;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Delivery;

/// <summary>
/// <c>mesh.dev/delivery-order</c> on a Trigger or Subscription: <c>ordered</c> delivers events of one
/// <c>partitionkey</c> one at a time, in acceptance order; <c>unordered</c> (or no annotation) does not.
/// </summary>
public static class DeliveryOrderAnnotation
{
    public const string Name = "mesh.dev/delivery-order";

    /// <summary>The order the object's metadata asks for; a value other than the two is an error naming the annotation.</summary>
    public static DeliveryOrder Parse(JsonObject metadata, FieldErrors errors)
    {
        var node = (metadata["annotations"] as JsonObject)?[Name];
        switch (FieldReader.TextOf(node))
        {
            case null when node is null:
            case "unordered":
                return DeliveryOrder.Unordered;
            case "ordered":
                return DeliveryOrder.Ordered;
            default:
                errors.Add($"metadata.annotations.{Name}", $"must be 'ordered' or 'unordered' (was {node?.ToJsonString()})");
                return DeliveryOrder.Unordered;
        }
    }
}
