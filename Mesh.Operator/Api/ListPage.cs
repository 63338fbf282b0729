using System.Buffers.Text;
using System.Text;

namespace Mesh.Operator.Api;

/// <summary>
/// A list request's <c>limit</c> and <c>continue</c>, as Kubernetes pages lists: objects come in
/// namespace/name order; when more remain, the answer's <c>metadata.continue</c> is an opaque token
/// that asks for the objects after the last one returned, and <c>metadata.remainingItemCount</c>
/// says how many there are.
/// </summary>
public sealed record ListPage(int? Limit, string? After)
{
    /// <summary>The page a request asks for, or the reason its parameters are refused.</summary>
    public static (ListPage? Page, string? Error) From(IQueryCollection query)
    {
        int? limit = null;
        if (query["limit"].ToString() is { Length: > 0 } text)
        {
            if (!int.TryParse(text, out var value) || value < 0) return (null, $"limit must be a non-negative integer (was '{text}')");
            if (value > 0) limit = value;
        }
        string? after = null;
        if (query["continue"].ToString() is { Length: > 0 } token && (after = Decode(token)) is null)
            return (null, "the continue token is not valid; start the list again without it");
        return (new ListPage(limit, after), null);
    }

    public static string Encode(string lastKey) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(new JsonObject { ["v"] = 1, ["after"] = lastKey }.ToJsonString()));

    private static string? Decode(string token)
    {
        try
        {
            var json = JsonNode.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)));
            return json?["v"]?.GetValueKind() == JsonValueKind.Number && (int)json["v"]! == 1 && json["after"]?.GetValueKind() == JsonValueKind.String
                ? (string)json["after"]!
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
