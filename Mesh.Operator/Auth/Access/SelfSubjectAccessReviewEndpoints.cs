using Mesh.Operator.Api;
using Mesh.Operator.Auth.Rbac;
using Mesh.Operator.Resources;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Auth.Access;

/// <summary>
/// <c>POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews</c>, as kube-apiserver serves it:
/// may the caller do what <c>spec.resourceAttributes</c> (or <c>spec.nonResourceAttributes</c>) says?
/// The answer is the review with <c>status.allowed</c> and the reason.
/// </summary>
public static class SelfSubjectAccessReviewEndpoints
{
    public const string Path = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";

    public static RouteHandlerBuilder MapSelfSubjectAccessReviews(this IEndpointRouteBuilder routes) =>
        routes.MapPost(Path, ReviewAsync);

    private static async Task<IResult> ReviewAsync(HttpRequest request, IOptions<MeshAuthOptions> options, RbacPolicy rbac)
    {
        var (body, problem) = await ResourceBodyReader.ReadAsync(request);
        if (body is null) return problem!;
        var errors = new FieldErrors();
        var asked = Read(body["spec"] as JsonObject, errors);
        if (asked is null) return ResourceProblems.Invalid(422, "SelfSubjectAccessReview is invalid.", errors.Items);

        AccessDecision decision;
        if (!options.Value.RequiresIdentity)
            decision = new AccessDecision(true, "no identities are configured: the control plane is open (loopback, or Mesh:Auth:AllowAnonymous)");
        else
            decision = RbacAuthorizer.Authorize(MeshAccessHandler.UserOf(request.HttpContext) ?? MeshUser.AnonymousUser, asked,
                await rbac.CurrentAsync(request.HttpContext.RequestAborted));
        var status = new JsonObject { ["allowed"] = decision.Allowed };
        if (decision.Reason.Length > 0) status["reason"] = decision.Reason;
        return Results.Json(new JsonObject
        {
            ["apiVersion"] = "authorization.k8s.io/v1",
            ["kind"] = "SelfSubjectAccessReview",
            ["metadata"] = new JsonObject(),
            ["spec"] = body["spec"]?.DeepClone(),
            ["status"] = status,
        }, statusCode: StatusCodes.Status201Created);
    }

    private static AccessRequest? Read(JsonObject? spec, FieldErrors errors)
    {
        if (spec?["resourceAttributes"] is JsonObject resource)
        {
            if (Text(resource, "verb") is not { Length: > 0 } verb)
            {
                errors.Add("spec.resourceAttributes.verb", "verb is required");
                return null;
            }
            return AccessRequest.ForResource(verb, Text(resource, "group") ?? "", Text(resource, "resource") ?? "",
                Text(resource, "namespace") ?? "", Text(resource, "name") ?? "", Text(resource, "subresource") ?? "");
        }
        if (spec?["nonResourceAttributes"] is JsonObject path)
        {
            if (Text(path, "verb") is not { Length: > 0 } verb || Text(path, "path") is not { Length: > 0 } url)
            {
                errors.Add("spec.nonResourceAttributes", "verb and path are required");
                return null;
            }
            return AccessRequest.ForPath(verb, url);
        }
        errors.Add("spec", "one of resourceAttributes or nonResourceAttributes is required");
        return null;
    }

    private static string? Text(JsonObject obj, string field) => FieldReader.TextOf(obj[field]);
}
