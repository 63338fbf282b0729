using Mesh.Operator.Delivery;
using Mesh.Operator.Kinds.InMemoryChannel;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.Channel;

/// <summary>
/// A <c>channelTemplate</c> (of channels, sequences and parallels). The mesh implements
/// InMemoryChannel, so a template names it (or nothing) and its spec is an InMemoryChannel's.
/// </summary>
public sealed record ChannelTemplate(string? ApiVersion, string? Kind, InMemoryChannelDeclaration Spec)
{
    /// <summary>Reads a template at <paramref name="path"/>; null when absent or invalid, each fault named.</summary>
    public static ChannelTemplate? Parse(JsonNode? node, string path, FieldErrors errors)
    {
        if (FieldReader.At(node, path, errors, "channelTemplate must be an object with apiVersion, kind and spec") is not { } template) return null;
        var before = errors.Count;
        var channel = InMemoryChannelKind.Resource;
        var kind = FieldReader.TextOf(template["kind"]);
        if (kind is not null && kind != channel.Kind)
            template.Fail("kind", $"'{kind}' is not a channel kind this mesh implements ({channel.Kind})");
        var apiVersion = FieldReader.TextOf(template["apiVersion"]);
        if (apiVersion is not null && apiVersion != channel.ApiVersion)
            template.Fail("apiVersion", $"'{apiVersion}' is not {channel.ApiVersion}");
        var spec = template.Object("spec", "spec must be an object") is { } s
            ? InMemoryChannelDeclaration.Parse(s, [])
            : new InMemoryChannelDeclaration(null);
        return errors.Count > before || spec is null ? null : new ChannelTemplate(apiVersion, kind, spec);
    }

    /// <summary>The spec of a channel made from <paramref name="template"/>: its delivery, with <paramref name="delivery"/> layered over it.</summary>
    public static JsonObject ChannelSpec(ChannelTemplate? template, DeliveryDeclaration? delivery = null) =>
        new InMemoryChannelDeclaration(DeliveryLayering.Over(delivery, template?.Spec.Delivery)).ToJson();
}
