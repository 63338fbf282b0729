using Mesh.Operator.Resources;

namespace Mesh.Operator.Addressing;

/// <summary>
/// The <c>status.address</c> of an object the mesh serves (brokers, channels): its URL, named
/// <c>https</c> or <c>http</c> by scheme, and its audience, which a sender's token must be issued for.
/// </summary>
public static class AddressStatus
{
    public static JsonObject For(string url, Declaration declaration) => new()
    {
        ["name"] = url.StartsWith("https:", StringComparison.Ordinal) ? "https" : "http",
        ["url"] = url,
        ["audience"] = Audiences.Of(declaration.Kind, declaration),
    };
}
