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

    public static IResult NotFound(string detail) =>
        Results.Problem(title: "Not found.", statusCode: StatusCodes.Status404NotFound, detail: detail,
            type: "https://mesh.dev/problems/not-found");
}
