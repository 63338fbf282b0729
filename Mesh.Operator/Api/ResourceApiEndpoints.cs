using Mesh.Operator.Api.Patch;
using Mesh.Operator.Auth.Access;
using Mesh.Operator.Controller;
using Mesh.Operator.Kinds;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;
using Mesh.Operator.Watch;

namespace Mesh.Operator.Api;

/// <summary>The local resource API: Kubernetes' REST paths for the mesh's kinds, served by the operator.</summary>
public static class ResourceApiEndpoints
{
    public static IEndpointRouteBuilder MapResourceApi(this IEndpointRouteBuilder routes)
    {
        foreach (var prefix in new[] { "/apis/{group}/{version}", "/api/{version}" })
        {
            routes.MapGet(prefix + "/namespaces/{namespace}/{plural}/{name}", GetAsync);
            routes.MapGet(prefix + "/namespaces/{namespace}/{plural}/{name}/status", GetAsync);
            routes.MapPut(prefix + "/namespaces/{namespace}/{plural}/{name}/status", PutStatusAsync);
            routes.MapPut(prefix + "/namespaces/{namespace}/{plural}/{name}", PutAsync);
            routes.MapPatch(prefix + "/namespaces/{namespace}/{plural}/{name}", PatchAsync);
            routes.MapPatch(prefix + "/namespaces/{namespace}/{plural}/{name}/status", PatchStatusAsync);
            routes.MapDelete(prefix + "/namespaces/{namespace}/{plural}/{name}", DeleteAsync);
            routes.MapGet(prefix + "/namespaces/{namespace}/{plural}", ListAsync);
            routes.MapPost(prefix + "/namespaces/{namespace}/{plural}", CreateAsync);
            routes.MapGet(prefix + "/{plural}", ListAsync);
            // Cluster-scoped kinds (ClusterRole, ClusterRoleBinding) live outside any namespace.
            routes.MapGet(prefix + "/{plural}/{name}", GetAsync);
            routes.MapPut(prefix + "/{plural}/{name}", PutAsync);
            routes.MapPatch(prefix + "/{plural}/{name}", PatchAsync);
            routes.MapDelete(prefix + "/{plural}/{name}", DeleteAsync);
            routes.MapPost(prefix + "/{plural}", CreateAsync);
        }
        routes.MapGet("/apis", (KindRegistry kinds) => Results.Json(Discovery.Groups(kinds)));
        routes.MapGet("/apis/{group}/{version}", (string group, string version, KindRegistry kinds) =>
            Discovery.Resources(kinds, group, version) is { } list ? Results.Json(list) : ResourceProblems.NotFound($"{group}/{version} is not served"));
        routes.MapGet("/api/{version}", (string version, KindRegistry kinds) =>
            Discovery.Resources(kinds, "", version) is { } list ? Results.Json(list) : ResourceProblems.NotFound($"{version} is not served"));
        return routes;
    }

    private static async Task<IResult> GetAsync(HttpRequest request, string name, KindRegistry kinds, DeclarationStore store)
    {
        var path = ResourcePath.Of(request);
        if (path.Served(kinds) is not { } kind) return path.Unknown();
        var declaration = await store.GetAsync(new ObjectKey(kind.Kind, path.Namespace ?? "", name));
        return declaration is null ? path.NotFound(kind, name) : Results.Json(kind.Present(declaration));
    }

    private static async Task<IResult> PutAsync(HttpRequest request, string name, KindRegistry kinds, ResourceController controller, RbacWriteGuards guards)
    {
        var path = ResourcePath.Of(request);
        if (path.Served(kinds) is not { } kind) return path.Unknown();
        var (body, problem) = await ResourceBodyReader.ReadAsync(request);
        if (body is null) return problem!;
        return Answer(kind, await controller.ApplyAsync(kind, path.Namespace ?? "", name, body, request.HttpContext.RequestAborted,
            guards.For(request.HttpContext, kind.Kind)), request);
    }

    /// <summary>PATCH as kubectl sends it (JSON patch or merge patch); the patched object is admitted as a PUT of it would be.</summary>
    private static async Task<IResult> PatchAsync(HttpRequest request, string name, KindRegistry kinds, ResourceController controller, RbacWriteGuards guards)
    {
        var path = ResourcePath.Of(request);
        if (path.Served(kinds) is not { } kind) return path.Unknown();
        var (patch, problem) = await PatchRequest.ReadAsync(request, kind.Kind);
        if (patch is null) return problem!;
        return Answer(kind, await controller.PatchAsync(kind, path.Namespace ?? "", name, patch.ApplyTo, request.HttpContext.RequestAborted,
            guards.For(request.HttpContext, kind.Kind)), request);
    }

    /// <summary>PATCH of the status subresource, where PUT of it is served: the patch applies to the object, and only its status is kept.</summary>
    private static async Task<IResult> PatchStatusAsync(HttpRequest request, string name, KindRegistry kinds, DeclarationStore store, ResourceController controller)
    {
        var path = ResourcePath.Of(request);
        if (path.Served(kinds) is not { } kind) return path.Unknown();
        if (!kind.IsStoredOnly)
            return ResourceProblems.NotFound($"{kind.Kind.Plural}/status is written by the mesh alone; clients write the status only of kinds the mesh stores but does not run");
        var (patch, problem) = await PatchRequest.ReadAsync(request, kind.Kind);
        if (patch is null) return problem!;
        var key = new ObjectKey(kind.Kind, path.Namespace ?? "", name);
        if (await store.GetAsync(key) is not { } current) return path.NotFound(kind, name);
        var (patched, failure) = patch.ApplyTo(kind.Editable(current));
        if (patched is null) return failure!;
        var errors = new FieldErrors();
        if (StatusDeclaration.Read(patched, errors) is not { } status)
            return ResourceProblems.Invalid(StatusCodes.Status422UnprocessableEntity, $"{kind.Kind.Kind} \"{name}\" is invalid.", errors.Items);
        var written = await controller.ReplaceStatusAsync(key, status, request.HttpContext.RequestAborted);
        return written is null ? path.NotFound(kind, name) : Results.Json(kind.Present(written));
    }

    /// <summary>The status subresource: written by clients for stored-only kinds; the mesh's own kinds' status is the mesh's.</summary>
    private static async Task<IResult> PutStatusAsync(HttpRequest request, string name, KindRegistry kinds, ResourceController controller)
    {
        var path = ResourcePath.Of(request);
        if (path.Served(kinds) is not { } kind) return path.Unknown();
        if (!kind.IsStoredOnly)
            return ResourceProblems.NotFound($"{kind.Kind.Plural}/status is written by the mesh alone; clients write the status only of kinds the mesh stores but does not run");
        var (body, problem) = await ResourceBodyReader.ReadAsync(request);
        if (body is null) return problem!;
        var errors = new FieldErrors();
        if (StatusDeclaration.Read(body, errors) is not { } status)
            return ResourceProblems.Invalid(StatusCodes.Status422UnprocessableEntity, $"{kind.Kind.Kind} \"{name}\" is invalid.", errors.Items);
        var written = await controller.ReplaceStatusAsync(new ObjectKey(kind.Kind, path.Namespace ?? "", name), status, request.HttpContext.RequestAborted);
        return written is null ? path.NotFound(kind, name) : Results.Json(kind.Present(written));
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, KindRegistry kinds, ResourceController controller, RbacWriteGuards guards)
    {
        var path = ResourcePath.Of(request);
        if (path.Served(kinds) is not { } kind) return path.Unknown();
        var (body, problem) = await ResourceBodyReader.ReadAsync(request);
        if (body is null) return problem!;
        if (FieldReader.TextOf((body["metadata"] as JsonObject)?["name"]) is not { Length: > 0 } name)
            return ResourceProblems.Invalid(422, $"{kind.Kind.Kind} is invalid.", [new FieldError("metadata.name", "name is required")]);
        return Answer(kind, await controller.ApplyAsync(kind, path.Namespace ?? "", name, body, request.HttpContext.RequestAborted,
            guards.For(request.HttpContext, kind.Kind)), request);
    }

    private static async Task<IResult> DeleteAsync(HttpRequest request, string name, KindRegistry kinds, ResourceController controller)
    {
        var path = ResourcePath.Of(request);
        if (path.Served(kinds) is not { } kind) return path.Unknown();
        var deleted = await controller.DeleteAsync(new ObjectKey(kind.Kind, path.Namespace ?? "", name), request.HttpContext.RequestAborted);
        return deleted is null ? path.NotFound(kind, name) : Results.Json(kind.Present(deleted));
    }

    /// <summary>
    /// A list in one namespace, or across all of them (and of a cluster-scoped kind), a page at a time;
    /// with <c>?watch=true</c>, a stream of its changes.
    /// </summary>
    private static async Task<IResult> ListAsync(HttpRequest request, KindRegistry kinds, DeclarationStore store, ResourceWatchHub watches)
    {
        var path = ResourcePath.Of(request);
        if (kinds.ByPath(path.Group, path.Version, path.Plural) is not { } kind || (path.Namespace is not null && !kind.Kind.Namespaced))
            return path.Unknown();
        if (WatchQuery.IsWatch(request.Query))
        {
            var (watch, watchError) = WatchQuery.From(request.Query);
            return watch is null ? ResourceProblems.BadRequest(watchError!) : new WatchStream(kind, path.Namespace, watch);
        }
        var (page, error) = ListPage.From(request.Query);
        if (page is null) return ResourceProblems.BadRequest(error!);
        // Read before the list, so that a watch from this version sees every write the list may have missed.
        var version = watches.CurrentVersion;
        var (items, lastKey, remaining) = await store.ListPageAsync(kind.Kind, path.Namespace, page.After, page.Limit);
        var metadata = new JsonObject { ["resourceVersion"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (remaining > 0 && lastKey is not null)
        {
            metadata["continue"] = ListPage.Encode(lastKey);
            metadata["remainingItemCount"] = remaining;
        }
        return Results.Json(new JsonObject
        {
            ["apiVersion"] = kind.Kind.ApiVersion,
            ["kind"] = kind.Kind.Kind + "List",
            ["metadata"] = metadata,
            ["items"] = new JsonArray([.. items.Select(kind.Present)]),
        });
    }

    private static IResult Answer(IKindDefinition kind, ApplyResult result, HttpRequest request)
    {
        if (result.Problem is not null) return result.Problem;
        if (result.Declaration is null)
            return ResourceProblems.Invalid(result.ErrorStatus, result.ErrorTitle!, result.Errors!);
        var json = kind.Present(result.Declaration);
        return result.Created ? Results.Created(request.Path.Value, json) : Results.Json(json);
    }
}
