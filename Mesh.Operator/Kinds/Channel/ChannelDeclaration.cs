using Mesh.Operator.Delivery;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.Channel;

/// <summary>A Channel as declared: the template of its backing channel, and a delivery layered over the template's.</summary>
public sealed record ChannelDeclaration(ChannelTemplate? Template, DeliveryDeclaration? Delivery) : IDeclarationSpec<ChannelDeclaration>
{
    public static ChannelDeclaration? Parse(FieldReader spec, JsonObject metadata)
    {
        var before = spec.Errors.Count;
        var template = ChannelTemplate.Parse(spec["channelTemplate"], spec.PathOf("channelTemplate"), spec.Errors);
        var delivery = DeliveryDeclaration.Parse(spec["delivery"], spec.PathOf("delivery"), spec.Errors);
        return spec.Errors.Count > before ? null : new(template, delivery);
    }
}
