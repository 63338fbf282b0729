using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mesh.Cli.Client;

/// <summary>What the server answered: status, the body as JSON when it is JSON, and the raw text otherwise.</summary>
internal sealed record ApiResponse(HttpStatusCode Status, JsonNode? Body, string Text)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    public static async Task<ApiResponse> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        return new ApiResponse(response.StatusCode, TryParse(text), text);
    }

    /// <summary>The problem+json detail, or the body text, or the status line: whichever says most.</summary>
    public string Detail =>
        Body.At("detail").Str() ?? Body.At("title").Str()
        ?? (string.IsNullOrWhiteSpace(Text) || Body is not null
            ? $"{(int)Status} {Status}"
            : Text.Trim().Length > 300 ? Text.Trim()[..300] : Text.Trim());

    /// <summary>Each <c>errors[]</c> entry of a problem+json body as <c>field: message</c>.</summary>
    public IEnumerable<string> FieldErrors =>
        (Body?["errors"] as JsonArray ?? [])
            .Select(e => (e.At("field").Str(), e.At("message").Str()))
            .Select(e => e.Item1 is null ? e.Item2 ?? "" : $"{e.Item1}: {e.Item2}");

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
