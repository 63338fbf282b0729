using Mesh.Operator.Controller;
using Mesh.Operator.Kinds;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;

namespace Mesh.Operator.Api;

/// <summary>The local resource API: Kubernetes' REST paths for the mesh's kinds, served by the operator.</summary>
public static class ResourceApiEndpoints
{
    public static IEndpointRouteBuilder MapResourceApi(this IEndpointRouteBuilder routes)
    {
        foreach (var prefix in new[] { "/apis/{group}/{version}", "/api/{version}" })
        {
            routes.MapGet(prefix + "/namespaces/{namespace}/{plural}/{name}", GetAsync);
            routes.MapPut(prefix + "/namespaces/{namespace}/{plural}/{name}", PutAsync);
            routes.MapDelete(prefix + "/namespaces/{namespace}/{plural}/{name}", DeleteAsync);
            routes.MapGet(prefix + "/namespaces/{namespace}/{plural}", ListAsync);
            routes.MapPost(prefix + "/namespaces/{namespace}/{plural}", CreateAsync);
            routes.MapGet(prefix + "/{plural}", ListAllAsync);
        }
        routes.MapGet("/apis", (KindRegistry kinds) => Results.Json(Discovery.Groups(kinds)));
        routes.MapGet("/apis/{group}/{version}", (string group, string version, KindRegistry kinds) =>
            Discovery.Resources(kinds, group, version) is { } list ? Results.Json(list) : ResourceProblems.NotFound($"{group}/{version} is not served"));
        routes.MapGet("/api/{version}", (string version, KindRegistry kinds) =>
            Discovery.Resources(kinds, "", version) is { } list ? Results.Json(list) : ResourceProblems.NotFound($"{version} is not served"));
        return routes;
    }

    private static async Task<IResult> GetAsync(string? group, string version, string @namespace, string plural, string name, KindRegistry kinds, DeclarationStore store)
    {
        if (kinds.ByPath(group ?? "", version, plural) is not { } kind) return UnknownPath(group, version, plural);
        var declaration = await store.GetAsync(new ObjectKey(kind.Kind, @namespace, name));
        return declaration is null
            ? ResourceProblems.NotFound($"{kind.Kind.QualifiedName} \"{name}\" not found in namespace \"{@namespace}\"")
            : Results.Json(kind.Present(declaration));
    }

    private static async Task<IResult> PutAsync(string? group, string version, string @namespace, string plural, string name, HttpRequest request, KindRegistry kinds, ResourceController controller)
    {
        if (kinds.ByPath(group ?? "", version, plural) is not { } kind) return UnknownPath(group, version, plural);
        var (body, problem) = await ResourceBodyReader.ReadAsync(request);
        if (body is null) return problem!;
        return Answer(kind, await controller.ApplyAsync(kind, @namespace, name, body, request.HttpContext.RequestAborted), request);
    }

    private static async Task<IResult> CreateAsync(string? group, string version, string @namespace, string plural, HttpRequest request, KindRegistry kinds, ResourceController controller)
    {
        if (kinds.ByPath(group ?? "", version, plural) is not { } kind) return UnknownPath(group, version, plural);
        var (body, problem) = await ResourceBodyReader.ReadAsync(request);
        if (body is null) return problem!;
        if (FieldReader.TextOf((body["metadata"] as JsonObject)?["name"]) is not { Length: > 0 } name)
            return ResourceProblems.Invalid(422, $"{kind.Kind.Kind} is invalid.", [new FieldError("metadata.name", "name is required")]);
        return Answer(kind, await controller.ApplyAsync(kind, @namespace, name, body, request.HttpContext.RequestAborted), request);
    }

    private static async Task<IResult> DeleteAsync(string? group, string version, string @namespace, string plural, string name, HttpContext context, KindRegistry kinds, ResourceController controller)
    {
        if (kinds.ByPath(group ?? "", version, plural) is not { } kind) return UnknownPath(group, version, plural);
        var deleted = await controller.DeleteAsync(new ObjectKey(kind.Kind, @namespace, name), context.RequestAborted);
        return deleted is null
            ? ResourceProblems.NotFound($"{kind.Kind.QualifiedName} \"{name}\" not found in namespace \"{@namespace}\"")
            : Results.Json(kind.Present(deleted));
    }

    private static Task<IResult> ListAsync(string? group, string version, string @namespace, string plural, KindRegistry kinds, DeclarationStore store) =>
        List(group, version, plural, @namespace, kinds, store);

    private static Task<IResult> ListAllAsync(string? group, string version, string plural, KindRegistry kinds, DeclarationStore store) =>
        List(group, version, plural, null, kinds, store);

    private static async Task<IResult> List(string? group, string version, string plural, string? @namespace, KindRegistry kinds, DeclarationStore store)
    {
        if (kinds.ByPath(group ?? "", version, plural) is not { } kind) return UnknownPath(group, version, plural);
        var items = await store.ListAsync(kind.Kind, @namespace);
        return Results.Json(new JsonObject
        {
            ["apiVersion"] = kind.Kind.ApiVersion,
            ["kind"] = kind.Kind.Kind + "List",
            ["items"] = new JsonArray([.. items.Select(kind.Present)]),
        });
    }

    private static IResult Answer(IKindDefinition kind, ApplyResult result, HttpRequest request)
    {
        if (result.Declaration is null)
            return ResourceProblems.Invalid(result.ErrorStatus, result.ErrorTitle!, result.Errors!);
        var json = kind.Present(result.Declaration);
        return result.Created ? Results.Created(request.Path.Value, json) : Results.Json(json);
    }

    private static IResult UnknownPath(string? group, string version, string plural) =>
        ResourceProblems.NotFound($"the server has no resource {plural} in {(string.IsNullOrEmpty(group) ? version : $"{group}/{version}")}");
}
