using System.Text.Json;

namespace Mesh.Grains.Sources.GitHub;

/// <summary>
/// The CloudEvents <c>subject</c> and extensions of a GitHub webhook payload, as Knative's GitHub
/// adapter chooses them (push: the last segment of <c>compare</c>; issues: the number; ...).
/// </summary>
public static class GitHubEventMapper
{
    private const string Owner = "owner=repository.owner.login";
    private const string Repository = "repository=repository.name";
    private const string Sender = "sender=sender.login";
    private const string Action = "action=action";
    private const string Installation = "installation=installation.id";
    private static readonly string[] Ors = [Owner, Repository, Sender];
    private static readonly string[] Orsa = [Owner, Repository, Sender, Action];

    // Subject paths: "a.b" reads a value, "last:a.b" keeps the URL's last path segment, "join:a.b" joins an array's field.
    private static readonly Dictionary<string, (string Subject, string[] Extensions)> Rules = new(StringComparer.Ordinal)
    {
        ["check_run"] = ("check_run.id", Orsa),
        ["check_suite"] = ("check_suite.id", Orsa),
        ["commit_comment"] = ("last:comment.html_url", Orsa),
        ["create"] = ("ref_type", [.. Ors, "ref=ref"]),
        ["delete"] = ("ref_type", [.. Ors, "ref=ref"]),
        ["deployment"] = ("deployment.id", Ors),
        ["deployment_status"] = ("deployment.id", Ors),
        ["fork"] = ("forkee.id", Ors),
        ["gollum"] = ("join:pages.page_name", Ors),
        ["installation"] = ("installation.id", [Installation, Sender, Action]),
        ["installation_repositories"] = ("installation.id", [Installation, Sender, Action]),
        ["issue_comment"] = ("last:comment.html_url", Orsa),
        ["issues"] = ("issue.number", [.. Orsa, "label=label.name", "assignee=assignee.login"]),
        ["label"] = ("label.name", [.. Orsa, "label=label.name"]),
        ["member"] = ("member.id", Orsa),
        ["membership"] = ("member.id", ["owner=organization.login", "scope=scope", Sender, Action]),
        ["milestone"] = ("milestone.number", Orsa),
        ["organization"] = ("action", ["owner=organization.login", Sender, Action]),
        ["org_block"] = ("action", ["owner=organization.login", Sender, Action]),
        ["page_build"] = ("id", Ors),
        ["ping"] = ("hook_id", Ors),
        ["project_card"] = ("action", Orsa),
        ["project_column"] = ("action", Orsa),
        ["project"] = ("action", Orsa),
        ["public"] = ("repository.id", Ors),
        ["pull_request"] = ("pull_request.number", [.. Orsa, Installation, "number=number", "label=label.name", "assignee=assignee.login"]),
        ["pull_request_review_comment"] = ("comment.id", [.. Orsa, Installation]),
        ["pull_request_review"] = ("review.id", [.. Orsa, Installation, "review=review.state"]),
        ["push"] = ("last:compare", [.. Ors, Installation, "pusher=pusher.name", "ref=ref", "created=created", "deleted=deleted", "forced=forced"]),
        ["release"] = ("release.tag_name", [.. Orsa, Installation, "release=release.name"]),
        ["repository"] = ("repository.id", Orsa),
        ["repository_vulnerability_alert"] = ("alert.id", [Action]),
        ["security_advisory"] = ("security_advisory.ghsa_id", [Action]),
        ["status"] = ("sha", [.. Ors, "state=state", "name=name", "context=context"]),
        ["team"] = ("team.id", [Sender, Action]),
        ["team_add"] = ("repository.id", Ors),
        ["watch"] = ("repository.id", Ors),
    };

    /// <summary>Subject (null when the event has none) and extensions; values missing from the payload are left out.</summary>
    public static (string? Subject, Dictionary<string, string> Extensions) Map(string gitHubEvent, JsonElement payload)
    {
        var extensions = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Rules.TryGetValue(gitHubEvent, out var rule))
        {
            // Events Knative does not know (newer ones): no subject, the common extensions where present.
            foreach (var extension in Orsa) Add(extensions, extension, payload);
            return (null, extensions);
        }
        foreach (var extension in rule.Extensions) Add(extensions, extension, payload);
        return (Subject(rule.Subject, payload), extensions);
    }

    private static string? Subject(string rule, JsonElement payload)
    {
        if (rule.StartsWith("last:", StringComparison.Ordinal))
            return Read(payload, rule[5..]) is { } url ? url[(url.LastIndexOf('/') + 1)..] : null;
        if (!rule.StartsWith("join:", StringComparison.Ordinal)) return Read(payload, rule);
        var path = rule[5..];
        var array = Find(payload, path[..path.LastIndexOf('.')]);
        if (array is not { ValueKind: JsonValueKind.Array } items) return null;
        return string.Join(",", items.EnumerateArray().Select(i => Read(i, path[(path.LastIndexOf('.') + 1)..])).OfType<string>());
    }

    private static void Add(Dictionary<string, string> extensions, string rule, JsonElement payload)
    {
        var name = rule[..rule.IndexOf('=')];
        if (Read(payload, rule[(rule.IndexOf('=') + 1)..]) is { Length: > 0 } value) extensions[name] = value;
    }

    private static string? Read(JsonElement element, string path) => Find(element, path) switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        { ValueKind: JsonValueKind.True } => "true",
        { ValueKind: JsonValueKind.False } => "false",
        _ => null,
    };

    private static JsonElement? Find(JsonElement element, string path)
    {
        foreach (var segment in path.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(segment, out element)) return null;
        }
        return element;
    }
}
