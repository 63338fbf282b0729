using Mesh.Grains.Delivery;
using Mesh.Operator.Addressing;
using Mesh.Operator.Delivery;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.Subscription;

/// <summary>
/// A Subscription as declared: its channel, where its events go, where the replies go, its delivery
/// over the channel's, and the order it delivers in (annotation <c>mesh.dev/delivery-order</c>).
/// </summary>
public sealed record SubscriptionDeclaration(KReference Channel, Destination? Subscriber, Destination? Reply, DeliveryDeclaration? Delivery,
    DeliveryOrder Order = DeliveryOrder.Unordered) : IDeclarationSpec<SubscriptionDeclaration>
{
    public static SubscriptionDeclaration? Parse(FieldReader spec, JsonObject metadata)
    {
        var before = spec.Errors.Count;
        var channel = spec.Object("channel", "channel must be a reference {apiVersion, kind, name} to a Channel or InMemoryChannel",
            "channel is required: a reference {apiVersion, kind, name} to a Channel or InMemoryChannel") is { } c ? KReference.Parse(c) : null;
        if (!spec.Has("subscriber") && !spec.Has("reply"))
            spec.Fail("subscriber", "a subscription needs a subscriber, a reply, or both");
        var subscriber = Destination.Parse(spec["subscriber"], spec.PathOf("subscriber"), spec.Errors, required: false);
        var reply = Destination.Parse(spec["reply"], spec.PathOf("reply"), spec.Errors, required: false);
        var delivery = DeliveryDeclaration.Parse(spec["delivery"], spec.PathOf("delivery"), spec.Errors);
        var order = DeliveryOrderAnnotation.Parse(metadata, spec.Errors);
        return spec.Errors.Count > before ? null : new(channel!, subscriber, reply, delivery, order);
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["channel"] = Channel.ToJson() };
        if (Subscriber is not null) json["subscriber"] = Subscriber.ToJson();
        if (Reply is not null) json["reply"] = Reply.ToJson();
        if (Delivery is not null) json["delivery"] = Delivery.ToJson();
        return json;
    }
}
