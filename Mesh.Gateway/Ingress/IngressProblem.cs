namespace Mesh.Gateway.Ingress;

/// <summary>Why an ingress refused a request, written as problem+json.</summary>
public sealed record IngressProblem(int Status, string Title, string Detail, string? Attribute = null)
{
    public IResult ToResult()
    {
        var extensions = new Dictionary<string, object?>();
        if (Attribute is not null) extensions["attribute"] = Attribute;
        return Results.Problem(detail: Detail, statusCode: Status, title: Title,
            type: $"https://mesh.dev/problems/{Slug}", extensions: extensions);
    }

    private string Slug => Status switch
    {
        400 => "invalid-event",
        401 => "unauthenticated",
        403 => "forbidden",
        404 => "not-found",
        413 => "event-too-large",
        415 => "unsupported-media-type",
        503 => "not-ready",
        _ => "ingress",
    };

    public static IngressProblem Invalid(string detail, string? attribute = null) =>
        new(StatusCodes.Status400BadRequest, "The request is not a valid CloudEvent.", detail, attribute);
}
