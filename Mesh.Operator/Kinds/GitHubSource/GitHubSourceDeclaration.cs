using System.Text.RegularExpressions;
using Mesh.Operator.Addressing;
using Mesh.Operator.Delivery;
using Mesh.Operator.Kinds.Secret;
using Mesh.Operator.Resources;
using Mesh.Operator.Sources;

namespace Mesh.Operator.Kinds.GitHubSource;

/// <summary>A GitHubSource as declared: the repository (or organisation) and events to hook, the tokens, and where the events go.</summary>
public sealed partial record GitHubSourceDeclaration(
    string OwnerAndRepository,
    string[] EventTypes,
    SecretKeyRef AccessToken,
    SecretKeyRef SecretToken,
    string? GitHubApiUrl,
    bool Secure,
    Destination Sink,
    CeOverrides CeOverrides,
    DeliveryDeclaration? Delivery) : IDeclarationSpec<GitHubSourceDeclaration>
{
    [GeneratedRegex(@"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)?$")]
    private static partial Regex OwnerAndRepositoryPattern();

    /// <summary>The API the hook is managed through: the declared one, or github.com's.</summary>
    public string ApiUrl => GitHubApiUrl ?? GitHubWebhooks.DefaultApiUrl;

    public static GitHubSourceDeclaration? Parse(FieldReader spec, JsonObject metadata)
    {
        var before = spec.Errors.Count;
        var repository = FieldReader.TextOf(spec["ownerAndRepository"]);
        if (repository is null || !OwnerAndRepositoryPattern().IsMatch(repository))
            spec.Fail("ownerAndRepository", "ownerAndRepository must be 'owner/repository', or an organisation's name");
        var types = spec["eventTypes"] is JsonArray { Count: > 0 } list ? list.Select(FieldReader.TextOf).ToArray() : [];
        if (types.Length == 0 || types.Any(t => t is not { Length: > 0 }))
            spec.Fail("eventTypes", "eventTypes must be a non-empty list of GitHub event names such as push or issue_comment");
        var accessToken = SecretKeyRef.Parse(spec["accessToken"], spec.PathOf("accessToken"), spec.Errors);
        var secretToken = SecretKeyRef.Parse(spec["secretToken"], spec.PathOf("secretToken"), spec.Errors);
        var api = FieldReader.TextOf(spec["githubAPIURL"]);
        if (spec.Has("githubAPIURL") && !(Uri.TryCreate(api, UriKind.Absolute, out var apiUri) && apiUri.Scheme is "http" or "https"))
            spec.Fail("githubAPIURL", "githubAPIURL must be an absolute http(s) URL such as https://github.example.com/api/v3/");
        var secure = spec["secure"]?.GetValueKind() switch
        {
            null => false,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => Fail(spec, "secure", "secure must be true or false"),
        };
        var sink = Destination.Parse(spec["sink"], spec.PathOf("sink"), spec.Errors, required: true);
        var overrides = CeOverrides.Parse(spec["ceOverrides"], spec.PathOf("ceOverrides"), spec.Errors);
        var delivery = DeliveryDeclaration.Parse(spec["delivery"], spec.PathOf("delivery"), spec.Errors);
        return spec.Errors.Count > before ? null
            : new(repository!, [.. types.OfType<string>()], accessToken!, secretToken!, api, secure, sink!, overrides!, delivery);
    }

    private static bool Fail(FieldReader spec, string field, string message)
    {
        spec.Fail(field, message);
        return false;
    }
}
