using Mesh.Operator.Resources;

namespace Mesh.Operator.Api;

/// <summary>problem+json answers of the resource API, naming the field at fault.</summary>
public static class ResourceProblems
{
    public static IResult Invalid(int status, string title, IReadOnlyList<FieldError> errors) =>
        Results.Problem(
            title: title,
            statusCode: status,
            detail: string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")),
            type: "https://mesh.dev/problems/invalid-resource",
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = errors.Select(e => new { field = e.Field, message = e.Message }).ToArray(),
            });

    public static IResult Malformed(string detail) =>
        Results.Problem(title: "The body is not a YAML or JSON object.", statusCode: StatusCodes.Status400BadRequest,
            detail: detail, type: "https://mesh.dev/problems/malformed-body");

    public static IResult TooLarge(int maxBytes) =>
        Results.Problem(title: "The body is too large.", statusCode: StatusCodes.Status413PayloadTooLarge,
            detail: $"a declaration may be at most {maxBytes} bytes", type: "https://mesh.dev/problems/body-too-large");
    public static IResult BadRequest(string detail) =>
        Results.Problem(title: "Bad request.", statusCode: StatusCodes.Status400BadRequest, detail: detail,
            type: "https://mesh.dev/problems/bad-request");

    public static IResult Conflict(string detail) =>
        Results.Problem(title: "Conflict.", statusCode: StatusCodes.Status409Conflict, detail: detail,
            type: "https://mesh.dev/problems/conflict", extensions: new Dictionary<string, object?> { ["reason"] = "Conflict" });

    public static IResult UnsupportedMediaType(string detail) =>
        Results.Problem(title: "Unsupported media type.", statusCode: StatusCodes.Status415UnsupportedMediaType, detail: detail,
            type: "https://mesh.dev/problems/unsupported-media-type", extensions: new Dictionary<string, object?> { ["reason"] = "UnsupportedMediaType" });

    /// <summary>A patch that parses but cannot be applied to the object (a path that is not there, a failed <c>test</c>): 422, as Kubernetes answers.</summary>
    public static IResult PatchFailed(string detail) =>
        Results.Problem(title: "The patch cannot be applied.", statusCode: StatusCodes.Status422UnprocessableEntity, detail: detail,
            type: "https://mesh.dev/problems/patch-failed", extensions: new Dictionary<string, object?> { ["reason"] = "Invalid" });

    public static IResult NotFound(string detail) =>
        Results.Problem(title: "Not found.", statusCode: StatusCodes.Status404NotFound, detail: detail,
            type: "https://mesh.dev/problems/not-found");

    /// <summary>A request refused for now (too many watches open): 429, to be retried after <c>Retry-After</c>.</summary>
    public static IResult TooManyRequests(string detail) =>
        Results.Problem(title: "Too many requests.", statusCode: StatusCodes.Status429TooManyRequests, detail: detail,
            type: "https://mesh.dev/problems/too-many-requests", extensions: new Dictionary<string, object?> { ["reason"] = "TooManyRequests" });
}
