namespace Mesh.Operator.Auth.Identities;

/// <summary>
/// The token a request presents: <c>Authorization: Bearer …</c>, or one the mesh is checking on the
/// request's behalf (a token typed into the sign-in form, or the one behind a session cookie).
/// </summary>
public static class BearerToken
{
    private const string ItemKey = "mesh.auth.token";

    public static string? From(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var held) && held is string token) return token;
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header[7..].Trim() is { Length: > 0 } bearer ? bearer : null;
    }

    public static bool IsPresented(HttpContext context) => From(context) is not null;

    /// <summary>Makes <paramref name="token"/> the one the token schemes check during this request.</summary>
    public static void Hold(HttpContext context, string token) => context.Items[ItemKey] = token;
}
