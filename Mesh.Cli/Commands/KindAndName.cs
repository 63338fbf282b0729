using System.Text.Json.Nodes;
using Mesh.Cli.Client;

namespace Mesh.Cli.Commands;

/// <summary>Reading <c>KIND NAME</c> (or kubectl's <c>KIND/NAME</c>) and fetching that one object.</summary>
internal static class KindAndName
{
    public static (string Kind, string? Name) Split(string kind, string? name)
    {
        var slash = kind.IndexOf('/');
        return name is null && slash > 0 ? (kind[..slash], kind[(slash + 1)..]) : (kind, name);
    }

    /// <summary>The object, or a <c>{kind} "{name}" not found</c> error.</summary>
    public static async Task<JsonNode> ReadAsync(MeshApiClient client, ResourceKind kind, string ns, string name, CancellationToken ct)
    {
        var response = await client.GetAsync(kind.ObjectPath(ns, name), ct);
        if (MeshApiClient.IsNotFound(response))
            throw new CliException($"{kind.QualifiedName} \"{name}\" not found");
        if (!response.IsSuccess || response.Body is null)
            throw new CliException(response.Detail);
        return response.Body;
    }
}
