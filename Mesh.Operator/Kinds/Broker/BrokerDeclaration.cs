using Mesh.Operator.Delivery;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.Broker;

/// <summary>A Broker as declared: its class (an annotation), its <c>config</c> reference (kept, not used), and the delivery its triggers layer theirs over.</summary>
public sealed record BrokerDeclaration(string? Class, JsonObject? Config, DeliveryDeclaration? Delivery) : IDeclarationSpec<BrokerDeclaration>
{
    public static BrokerDeclaration? Parse(FieldReader spec, JsonObject metadata)
    {
        var before = spec.Errors.Count;
        var config = spec.Object("config", "config must be an object reference");
        var delivery = DeliveryDeclaration.Parse(spec["delivery"], spec.PathOf("delivery"), spec.Errors);
        return spec.Errors.Count > before ? null : new(BrokerClass.FromMetadata(metadata), config?.Json, delivery);
    }
}
