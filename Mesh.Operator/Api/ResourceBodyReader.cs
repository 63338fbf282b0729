using System.Text;
using Mesh.Declarations;

namespace Mesh.Operator.Api;

/// <summary>Reads one declared object from a YAML or JSON request body, within <see cref="DocumentLimits.Default"/>.</summary>
public static class ResourceBodyReader
{
    /// <returns>The object, or the problem to answer (400 malformed or past a limit, 413 too large).</returns>
    public static async Task<(JsonObject? Body, IResult? Problem)> ReadAsync(HttpRequest request)
    {
        var limits = DocumentLimits.Default;
        if (request.ContentLength > limits.MaxSize) return (null, ResourceProblems.TooLarge(limits.MaxSize));
        var text = await ReadBoundedAsync(request, limits.MaxSize);
        if (text is null) return (null, ResourceProblems.TooLarge(limits.MaxSize));
        if (string.IsNullOrWhiteSpace(text)) return (null, ResourceProblems.Malformed("the body is empty"));
        try
        {
            var isJson = request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;
            return (DocumentReader.ReadObject(text, isJson, limits), null);
        }
        catch (DocumentException e)
        {
            return (null, e.TooLarge ? ResourceProblems.TooLarge(limits.MaxSize) : ResourceProblems.Malformed(e.Message));
        }
    }

    /// <summary>Reads a JSON body of any shape (a patch), within the same limits.</summary>
    public static async Task<(JsonNode? Body, IResult? Problem)> ReadJsonAsync(HttpRequest request)
    {
        var limits = DocumentLimits.Default;
        if (request.ContentLength > limits.MaxSize) return (null, ResourceProblems.TooLarge(limits.MaxSize));
        var text = await ReadBoundedAsync(request, limits.MaxSize);
        if (text is null) return (null, ResourceProblems.TooLarge(limits.MaxSize));
        if (string.IsNullOrWhiteSpace(text)) return (null, ResourceProblems.BadRequest("the body is empty"));
        try
        {
            return (DocumentReader.ReadJson(text, limits), null);
        }
        catch (DocumentException e)
        {
            return (null, e.TooLarge ? ResourceProblems.TooLarge(limits.MaxSize) : ResourceProblems.BadRequest(e.Message));
        }
    }

    /// <returns>The body as text, or null when it is longer than <paramref name="maxBytes"/> (read no further than that).</returns>
    private static async Task<string?> ReadBoundedAsync(HttpRequest request, int maxBytes)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
