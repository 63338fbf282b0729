using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.Broker;

/// <summary>Which implementation serves a Broker: Knative's class annotation, and the mesh's own class.</summary>
public static class BrokerClass
{
    public const string Annotation = "eventing.knative.dev/broker.class";
    public const string Mesh = "Mesh";

    /// <summary>The class an object's annotation names, or null when it names none.</summary>
    public static string? Of(JsonObject obj) => FromMetadata(obj["metadata"] as JsonObject);

    public static string? FromMetadata(JsonObject? metadata) => FieldReader.TextOf((metadata?["annotations"] as JsonObject)?[Annotation]);

    /// <summary>A broker declared without a class is the mesh's (Knative's DefaultBrokerClassIfUnset).</summary>
    public static void SetDefault(JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject metadata || FromMetadata(metadata) is not null) return;
        if (metadata["annotations"] is JsonObject annotations) annotations[Annotation] = Mesh;
        else metadata["annotations"] = new JsonObject { [Annotation] = Mesh };
    }
}
