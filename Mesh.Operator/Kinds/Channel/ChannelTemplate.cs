namespace Mesh.Operator.Resources;

/// <summary>Validation of <c>channelTemplate</c> (channels, sequences, parallels): the mesh implements InMemoryChannel.</summary>
public static class ChannelTemplates
{
    public static void Validate(JsonNode? node, string path, FieldErrors errors)
    {
        if (node is null) return;
        if (node is not JsonObject template)
        {
            errors.Add(path, "channelTemplate must be an object with apiVersion, kind and spec");
            return;
        }
        if (Destinations.Text(template["kind"]) is { } kind && kind != KnativeKinds.InMemoryChannel.Kind)
            errors.Add($"{path}.kind", $"'{kind}' is not a channel kind this mesh implements (InMemoryChannel)");
        if (Destinations.Text(template["apiVersion"]) is { } apiVersion && apiVersion != KnativeKinds.InMemoryChannel.ApiVersion)
            errors.Add($"{path}.apiVersion", $"'{apiVersion}' is not {KnativeKinds.InMemoryChannel.ApiVersion}");
        if (template["spec"] is { } spec)
        {
            if (spec is not JsonObject) errors.Add($"{path}.spec", "spec must be an object");
            else DeliveryDeclarations.Validate(spec["delivery"], $"{path}.spec.delivery", errors);
        }
    }

    /// <summary>The spec of a channel made from the template (an empty spec when there is none).</summary>
    public static JsonObject SpecFor(JsonNode? template) =>
        template?["spec"] is JsonObject spec ? (JsonObject)spec.DeepClone() : [];
}
