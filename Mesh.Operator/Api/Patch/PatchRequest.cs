using Mesh.Operator.Kinds.Secret;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Api.Patch;

/// <summary>
/// A PATCH body, read by its content type as kube-apiserver reads it for custom resources: JSON
/// patch and JSON merge patch; strategic merge patch and server-side apply are refused with 415,
/// naming the types accepted.
/// </summary>
public sealed class PatchRequest
{
    public const string JsonPatchType = "application/json-patch+json";
    public const string MergePatchType = "application/merge-patch+json";

    private readonly JsonPatch? _jsonPatch;
    private readonly JsonNode? _mergePatch;

    private PatchRequest(JsonPatch? jsonPatch, JsonNode? mergePatch)
    {
        _jsonPatch = jsonPatch;
        _mergePatch = mergePatch;
    }

    /// <returns>The patch, or the problem to answer (415 unsupported type, 400 malformed, 413 too large).</returns>
    public static async Task<(PatchRequest? Patch, IResult? Problem)> ReadAsync(HttpRequest request, ResourceKind kind)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is not (JsonPatchType or MergePatchType))
            return (null, ResourceProblems.UnsupportedMediaType(
                $"the body of the request was in an unknown format ({mediaType ?? "no Content-Type"}) - accepted media types include: {JsonPatchType}, {MergePatchType}"));
        var (body, problem) = await ResourceBodyReader.ReadJsonAsync(request);
        if (problem is not null) return (null, problem);
        if (mediaType == MergePatchType)
            return body is JsonObject ? (new PatchRequest(null, body), null) : (null, ResourceProblems.BadRequest("a merge patch must be a JSON object"));
        try
        {
            var patch = JsonPatch.Parse(body);
            // A test of a Secret's value would answer whether a guess is right: values are never answered.
            if (kind == SecretKind.Resource && patch.TestedPaths.FirstOrDefault(p => p.Tokens is ["data" or "stringData", ..]) is { } tested)
                return (null, ResourceProblems.PatchFailed($"test: '{tested.Text}' is a Secret's value, which is never read back; test other fields"));
            return (new PatchRequest(patch, null), null);
        }
        catch (FormatException e)
        {
            return (null, ResourceProblems.BadRequest(e.Message));
        }
    }

    /// <summary>The object after the patch, or the problem (422) when the patch does not apply to it.</summary>
    public (JsonObject? Body, IResult? Problem) ApplyTo(JsonObject current)
    {
        try
        {
            var patched = _jsonPatch is not null ? _jsonPatch.Apply(current) : MergePatch.Apply(current, _mergePatch);
            return patched is JsonObject obj ? (obj, null) : (null, ResourceProblems.PatchFailed("the patched document is not an object"));
        }
        catch (PatchException e)
        {
            return (null, ResourceProblems.PatchFailed(e.Message));
        }
    }
}
