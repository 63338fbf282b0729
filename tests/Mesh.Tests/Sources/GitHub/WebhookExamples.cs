using System.Diagnostics;

namespace Mesh.Tests.Sources.GitHub;

/// <summary>
/// The community webhook payloads of the npm package <c>@octokit/webhooks-examples</c>, installed into
/// <c>.tools/webhooks-examples</c> at the repository root (by <c>.ci/run</c>, or here on first use).
/// </summary>
public static class WebhookExamples
{
    private static readonly Lazy<(JsonArray? Events, string? Missing)> Loaded = new(Load);

    /// <summary>Why the examples cannot be had, or null when they are there.</summary>
    public static string? Missing => Loaded.Value.Missing;

    /// <summary>The first example payload of a GitHub event, as the package has it.</summary>
    public static JsonObject First(string gitHubEvent) =>
        Loaded.Value.Events!.OfType<JsonObject>().Single(e => (string?)e["name"] == gitHubEvent)["examples"]![0]!.AsObject();

    private static (JsonArray?, string?) Load()
    {
        var root = RepositoryRoot();
        if (root is null) return (null, "the repository root (Mesh.sln) was not found above the test binaries");
        var folder = Path.Combine(root, ".tools", "webhooks-examples");
        var index = Path.Combine(folder, "node_modules", "@octokit", "webhooks-examples", "api.github.com", "index.json");
        if (!File.Exists(index))
        {
            var installError = Install(folder);
            if (!File.Exists(index)) return (null, $"@octokit/webhooks-examples is not installed and npm could not install it: {installError}");
        }
        return (JsonNode.Parse(File.ReadAllText(index))!.AsArray(), null);
    }

    private static string Install(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            using var npm = Process.Start(new ProcessStartInfo("npm", ["install", "--no-audit", "--no-fund", "--prefix", folder, "@octokit/webhooks-examples@7"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var error = npm.StandardError.ReadToEndAsync();
            npm.StandardOutput.ReadToEnd();
            return npm.WaitForExit(TimeSpan.FromMinutes(2)) ? $"npm exited with {npm.ExitCode}: {error.Result}" : "npm timed out";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"npm is not available ({e.Message})";
        }
    }

    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Mesh.sln"))) return dir.FullName;
        return null;
    }
}

/// <summary>A fact that is skipped, with the reason, when the webhook examples cannot be installed.</summary>
public sealed class WebhookExamplesFactAttribute : FactAttribute
{
    public WebhookExamplesFactAttribute()
    {
        if (WebhookExamples.Missing is { } reason) Skip = reason;
    }
}

/// <summary>A theory that is skipped, with the reason, when the webhook examples cannot be installed.</summary>
public sealed class WebhookExamplesTheoryAttribute : TheoryAttribute
{
    public WebhookExamplesTheoryAttribute()
    {
        if (WebhookExamples.Missing is { } reason) Skip = reason;
    }
}
