using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Mesh.Bench;

/// <summary>
/// An OIDC issuer for measuring with sender authentication on: discovery and a JWKS of one RSA key,
/// and <c>GET /token?sub=S&amp;aud=A</c> answering an RS256 token valid for an hour.
/// </summary>
public static class BenchIssuer
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        using var key = RSA.Create(2048);
        const string keyId = "bench";
        var app = BenchHost.Create(args);
        var issuer = args.Require("urls").TrimEnd('/');
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new JsonObject
        {
            ["issuer"] = issuer,
            ["jwks_uri"] = issuer + "/keys",
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["response_types_supported"] = new JsonArray("id_token"),
            ["subject_types_supported"] = new JsonArray("public"),
        }));
        app.MapGet("/keys", () =>
        {
            var p = key.ExportParameters(false);
            return Results.Json(new JsonObject
            {
                ["keys"] = new JsonArray(new JsonObject
                {
                    ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = keyId,
                    ["n"] = Base64Url.EncodeToString(p.Modulus), ["e"] = Base64Url.EncodeToString(p.Exponent),
                }),
            });
        });
        app.MapGet("/token", (string sub, string aud) =>
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var header = new JsonObject { ["alg"] = "RS256", ["kid"] = keyId, ["typ"] = "JWT" };
            var payload = new JsonObject { ["iss"] = issuer, ["sub"] = sub, ["aud"] = aud, ["iat"] = now, ["nbf"] = now, ["exp"] = now + 3600 };
            var signed = Encode(header) + "." + Encode(payload);
            var signature = key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return Results.Text(signed + "." + Base64Url.EncodeToString(signature));
        });
        await app.RunAsync();
        return 0;
    }

    private static string Encode(JsonObject part) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(part.ToJsonString()));
}
