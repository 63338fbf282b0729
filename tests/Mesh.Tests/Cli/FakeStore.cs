using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Mesh.Cli.Client;

namespace Mesh.Tests.Cli;

/// <summary>The fake's object store: PUT/GET/LIST/DELETE with generations, as the contract describes.</summary>
internal sealed class FakeStore(FakeMeshServer server)
{
    public async Task<IResult> PutAsync(HttpRequest request, string ns, string plural, string name)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body);
        }
        catch (System.Text.Json.JsonException e)
        {
            return FakeMeshServer.Problem(400, e.Message);
        }
        server.Puts.Enqueue((request.Path.Value!, body!.DeepClone()));
        if (body is not JsonObject obj)
            return FakeMeshServer.Problem(400, "the body is not an object");
        if (plural != "secrets" && obj["spec"] is null)
            return FakeMeshServer.Problem(422, "spec: spec is required", "spec", "spec is required");

        var key = FakeMeshServer.Key(plural, ns, name);
        server.Objects.TryGetValue(key, out var existing);
        var generation = existing?.At("metadata", "generation").Long() ?? 0;
        if (existing is null || !JsonNode.DeepEquals(existing["spec"], obj["spec"]))
            generation++;
        var metadata = (JsonObject)(obj["metadata"] ?? new JsonObject()).DeepClone();
        metadata["namespace"] = ns;
        metadata["generation"] = generation;
        metadata["creationTimestamp"] = existing.At("metadata", "creationTimestamp")?.DeepClone()
            ?? FakeMeshServer.Created.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        var stored = (JsonObject)obj.DeepClone();
        stored["metadata"] = metadata;
        stored["status"] = new JsonObject { ["observedGeneration"] = generation };
        server.Objects[key] = stored;
        return Results.Json(stored, statusCode: existing is null ? 201 : 200);
    }

    public IResult Get(string ns, string plural, string name) =>
        server.Objects.TryGetValue(FakeMeshServer.Key(plural, ns, name), out var found)
            ? Results.Json(found)
            : FakeMeshServer.Problem(404, $"{plural} \"{name}\" not found");

    public IResult Delete(string ns, string plural, string name) =>
        server.Objects.TryRemove(FakeMeshServer.Key(plural, ns, name), out var found)
            ? Results.Json(found)
            : FakeMeshServer.Problem(404, $"{plural} \"{name}\" not found");

    public IResult List(string? ns, string plural)
    {
        var items = server.Objects
            .Where(p => p.Key.StartsWith(ns is null ? $"{plural}/" : $"{plural}/{ns}/", StringComparison.Ordinal))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => (JsonNode)p.Value.DeepClone())
            .ToArray();
        return Results.Json(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "List", ["items"] = new JsonArray(items) });
    }
}
