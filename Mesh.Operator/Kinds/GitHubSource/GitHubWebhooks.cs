using Mesh.Grains.Egress;
using Octokit;
using Octokit.Internal;

namespace Mesh.Operator.Kinds.GitHubSource;

/// <summary>
/// Creates, edits and deletes repository or organisation webhooks through the GitHub API (Octokit),
/// over a connection the egress policy checks.
/// </summary>
public sealed class GitHubWebhooks(OutboundHttp outbound)
{
    public const string DefaultApiUrl = "https://api.github.com";

    // One pool for every call; Octokit wraps it in a client of its own per source.
    private readonly SocketsHttpHandler _handler = outbound.CreateHandler();

    /// <summary>Makes the hook match <paramref name="settings"/>: edits <paramref name="existingId"/>, or creates one when there is none (or it is gone).</summary>
    /// <returns>The hook's id.</returns>
    public async Task<long> ApplyAsync(WebhookSettings settings, long? existingId)
    {
        var client = Client(settings.ApiUrl, settings.AccessToken);
        var config = new Dictionary<string, string>
        {
            ["url"] = settings.Url,
            ["content_type"] = "json",
            ["secret"] = settings.Secret,
            ["insecure_ssl"] = settings.Secure ? "0" : "1",
        };
        var (owner, repository) = Split(settings.OwnerAndRepository);
        if (existingId is { } id)
        {
            try
            {
                if (repository is null)
                    return (await client.Organization.Hook.Edit(owner, (int)id, new EditOrganizationHook(config) { Events = settings.Events, Active = true })).Id;
                return (await client.Repository.Hooks.Edit(owner, repository, (int)id, new EditRepositoryHook(config) { Events = settings.Events, Active = true })).Id;
            }
            catch (NotFoundException)
            {
                // Deleted on GitHub behind our back: make a new one below.
            }
        }
        if (repository is null)
            return (await client.Organization.Hook.Create(owner, new NewOrganizationHook("web", config) { Events = settings.Events, Active = true })).Id;
        return (await client.Repository.Hooks.Create(owner, repository, new NewRepositoryHook("web", config) { Events = settings.Events, Active = true })).Id;
    }

    /// <summary>Deletes the hook; one already gone (404) counts as deleted.</summary>
    public async Task DeleteAsync(string apiUrl, string accessToken, string ownerAndRepository, long id)
    {
        var client = Client(apiUrl, accessToken);
        var (owner, repository) = Split(ownerAndRepository);
        try
        {
            if (repository is null) await client.Organization.Hook.Delete(owner, (int)id);
            else await client.Repository.Hooks.Delete(owner, repository, (int)id);
        }
        catch (NotFoundException)
        {
        }
    }

    private GitHubClient Client(string apiUrl, string accessToken) =>
        new(new Connection(new ProductHeaderValue("knative-mesh"), BaseAddress(new Uri(apiUrl)),
            new InMemoryCredentialStore(new Credentials(accessToken)), new HttpClientAdapter(() => _handler), new SimpleJsonSerializer()));

    // As Octokit does for a URL alone: github.com is api.github.com, any other host is GitHub Enterprise at /api/v3/.
    private static Uri BaseAddress(Uri apiUrl) =>
        apiUrl.Host is "github.com" or "api.github.com" ? new Uri("https://api.github.com/") : new Uri(apiUrl, "/api/v3/");

    private static (string Owner, string? Repository) Split(string ownerAndRepository) =>
        ownerAndRepository.Split('/') is [var owner, var repository] ? (owner, repository) : (ownerAndRepository, null);
}
