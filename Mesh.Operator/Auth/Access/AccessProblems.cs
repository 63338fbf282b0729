using Mesh.Operator.Auth.Rbac;

namespace Mesh.Operator.Auth.Access;

/// <summary>
/// 401 and 403 answers of the control plane, as problem+json like the resource API's other errors,
/// with Kubernetes' <c>reason</c> and, for 403, its message and <c>details</c>.
/// </summary>
public static class AccessProblems
{
    public static IResult Unauthorized(bool tokenPresented) => Results.Problem(
        title: "Unauthorized.",
        statusCode: StatusCodes.Status401Unauthorized,
        detail: tokenPresented
            ? "The bearer token is not valid (unknown, expired, or not meant for this mesh)."
            : "A bearer token is required: Authorization: Bearer <token>, or sign in at /login.",
        type: "https://mesh.dev/problems/unauthorized",
        extensions: new Dictionary<string, object?> { ["reason"] = "Unauthorized" });

    public static IResult Forbidden(MeshUser user, AccessRequest request) => Forbidden(request, ForbiddenMessage.Reason(user, request));

    /// <summary>A 403 for <paramref name="request"/> with Kubernetes' prefix (<c>roles.rbac.authorization.k8s.io "x" is forbidden: </c>) and <paramref name="reason"/>.</summary>
    public static IResult Forbidden(AccessRequest request, string reason) => Results.Problem(
        title: "Forbidden.",
        statusCode: StatusCodes.Status403Forbidden,
        detail: ForbiddenMessage.Prefixed(request, reason),
        type: "https://mesh.dev/problems/forbidden",
        extensions: new Dictionary<string, object?>
        {
            ["reason"] = "Forbidden",
            ["details"] = request.IsResourceRequest
                ? new { name = request.Name, group = request.ApiGroup, kind = request.Resource }
                : new { name = request.Path, group = "", kind = "" },
        });
}
