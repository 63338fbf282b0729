namespace Mesh.Operator.Auth.Rbac;

/// <summary>Whether one rule covers one request, with Kubernetes' wildcard semantics for each field.</summary>
public static class RuleMatching
{
    public const string All = "*";

    public static bool Allows(PolicyRule rule, AccessRequest request) => request.IsResourceRequest
        ? VerbMatches(rule, request.Verb)
          && ApiGroupMatches(rule, request.ApiGroup)
          && ResourceMatches(rule, request.CombinedResource, request.Subresource)
          && ResourceNameMatches(rule, request.Name)
        : VerbMatches(rule, request.Verb) && NonResourceUrlMatches(rule, request.Path);

    public static bool VerbMatches(PolicyRule rule, string verb) =>
        rule.Verbs.Any(v => v == All || v == verb);

    public static bool ApiGroupMatches(PolicyRule rule, string group) =>
        rule.ApiGroups.Any(g => g == All || g == group);

    /// <summary><c>*</c> matches everything; <c>brokers/status</c> that subresource; <c>*/status</c> that subresource of any resource.</summary>
    public static bool ResourceMatches(PolicyRule rule, string combinedResource, string subresource)
    {
        foreach (var resource in rule.Resources)
        {
            if (resource == All || resource == combinedResource) return true;
            if (subresource.Length > 0 && resource.Length == subresource.Length + 2 && resource.StartsWith("*/", StringComparison.Ordinal)
                && resource.EndsWith(subresource, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    /// <summary>An empty list allows every name (and requests without one, such as list and create).</summary>
    public static bool ResourceNameMatches(PolicyRule rule, string name) =>
        rule.ResourceNames.Count == 0 || rule.ResourceNames.Contains(name, StringComparer.Ordinal);

    /// <summary><c>*</c> matches every path; a trailing <c>*</c> matches by prefix; otherwise the path exactly.</summary>
    public static bool NonResourceUrlMatches(PolicyRule rule, string path)
    {
        foreach (var url in rule.NonResourceUrls)
        {
            if (url == All || url == path) return true;
            if (url.EndsWith('*') && path.StartsWith(url[..^1], StringComparison.Ordinal)) return true;
        }
        return false;
    }
}
