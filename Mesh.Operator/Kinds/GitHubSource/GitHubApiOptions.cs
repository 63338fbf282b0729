using Microsoft.Extensions.Options;

namespace Mesh.Operator.Kinds.GitHubSource;

/// <summary>
/// Which GitHub API servers a GitHubSource may name in <c>githubAPIURL</c>, bound from
/// <c>Mesh:Sources:GitHub</c>. The source's access token is sent there, so a URL of anyone's
/// choosing would hand it to them.
/// </summary>
public sealed class GitHubApiOptions
{
    public const string Section = "Mesh:Sources:GitHub";
    public const string DefaultApiUrl = "https://api.github.com/";

    /// <summary>
    /// The allowed API servers (GitHub Enterprise hosts added here). Default <c>https://api.github.com/</c>;
    /// a list given in configuration replaces it. Scheme, host and port are compared, not the path:
    /// the client calls a GitHub Enterprise host at <c>/api/v3/</c> whatever path is declared.
    /// </summary>
    public List<string> ApiUrls { get; set; } = [];

    public IReadOnlyList<string> EffectiveApiUrls => ApiUrls.Count == 0 ? [DefaultApiUrl] : ApiUrls;

    /// <summary>Whether the token may go to <paramref name="apiUrl"/>.</summary>
    public bool Allows(Uri apiUrl) =>
        EffectiveApiUrls.Any(allowed => Uri.TryCreate(allowed, UriKind.Absolute, out var a)
            && a.Scheme == apiUrl.Scheme && a.Port == apiUrl.Port && string.Equals(a.IdnHost, apiUrl.IdnHost, StringComparison.OrdinalIgnoreCase));
}

public sealed class GitHubApiOptionsValidator : IValidateOptions<GitHubApiOptions>
{
    public ValidateOptionsResult Validate(string? name, GitHubApiOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.ApiUrls.Count; i++)
            if (!(Uri.TryCreate(options.ApiUrls[i], UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
                failures.Add($"{GitHubApiOptions.Section}:ApiUrls:{i} must be an absolute http(s) URL such as https://github.example.com/api/v3/ (was '{options.ApiUrls[i]}').");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
