using Mesh.Operator.Delivery;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.InMemoryChannel;

/// <summary>An InMemoryChannel as declared: the delivery its subscriptions layer theirs over.</summary>
public sealed record InMemoryChannelDeclaration(DeliveryDeclaration? Delivery) : IDeclarationSpec<InMemoryChannelDeclaration>
{
    public static InMemoryChannelDeclaration? Parse(FieldReader spec, JsonObject metadata)
    {
        var before = spec.Errors.Count;
        var delivery = DeliveryDeclaration.Parse(spec["delivery"], spec.PathOf("delivery"), spec.Errors);
        return spec.Errors.Count > before ? null : new(delivery);
    }

    public JsonObject ToJson() => Delivery is null ? [] : new JsonObject { ["delivery"] = Delivery.ToJson() };
}
