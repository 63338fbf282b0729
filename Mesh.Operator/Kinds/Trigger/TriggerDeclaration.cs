using Mesh.Grains.Delivery;
using Mesh.Grains.Filtering;
using Mesh.Operator.Addressing;
using Mesh.Operator.Delivery;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.Trigger;

/// <summary>
/// A Trigger as declared: the broker it subscribes to, its filter, its subscriber, its delivery over
/// the broker's, and the order it delivers in (annotation <c>mesh.dev/delivery-order</c>).
/// </summary>
public sealed record TriggerDeclaration(string Broker, Destination Subscriber, FilterSpec Filter, DeliveryDeclaration? Delivery,
    DeliveryOrder Order = DeliveryOrder.Unordered) : IDeclarationSpec<TriggerDeclaration>
{
    public static TriggerDeclaration? Parse(FieldReader spec, JsonObject metadata)
    {
        var before = spec.Errors.Count;
        var broker = spec.String("broker", "broker is required");
        if (broker is { Length: 0 }) spec.Fail("broker", "broker is required");
        var subscriber = Destination.Parse(spec["subscriber"], spec.PathOf("subscriber"), spec.Errors, required: true);
        var filter = TriggerFilters.Parse(spec);
        var delivery = DeliveryDeclaration.Parse(spec["delivery"], spec.PathOf("delivery"), spec.Errors);
        var order = DeliveryOrderAnnotation.Parse(metadata, spec.Errors);
        return spec.Errors.Count > before ? null : new(broker!, subscriber!, filter!, delivery, order);
    }
}
