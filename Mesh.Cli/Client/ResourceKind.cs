namespace Mesh.Cli.Client;

/// <summary>One kind the server serves, as discovery describes it, and the REST paths that reach it.</summary>
internal sealed record ResourceKind(
    string Group,
    string Version,
    string Plural,
    string Singular,
    string Kind,
    bool Namespaced,
    IReadOnlyList<string> ShortNames,
    IReadOnlyList<string> Categories)
{
    /// <summary>Whether the server says objects of this kind have an address (its <c>addressable</c> category).</summary>
    public bool IsAddressable => Categories.Contains("addressable");

    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>kubectl's way of naming a kind in messages: <c>broker.eventing.knative.dev</c>, or <c>secret</c> for core kinds.</summary>
    public string QualifiedName => Group.Length == 0 ? Singular : $"{Singular}.{Group}";

    // Core kinds live under /api/v1, everything else under /apis/{group}/{version}, as in Kubernetes.
    private string Root => Group.Length == 0 ? $"api/{Version}" : $"apis/{Group}/{Version}";

    /// <summary>The collection path; a null namespace lists across all namespaces.</summary>
    public string CollectionPath(string? ns) =>
        ns is null || !Namespaced ? $"{Root}/{Plural}" : $"{Root}/namespaces/{Uri.EscapeDataString(ns)}/{Plural}";

    public string ObjectPath(string ns, string name) => $"{CollectionPath(ns)}/{Uri.EscapeDataString(name)}";

    /// <summary>True when a user typed this kind as plural, singular, Kind, short name or <c>plural.group</c>.</summary>
    public bool IsNamed(string text)
    {
        var cmp = StringComparison.OrdinalIgnoreCase;
        if (string.Equals(text, Plural, cmp) || string.Equals(text, Singular, cmp) || string.Equals(text, Kind, cmp))
            return true;
        if (ShortNames.Any(s => string.Equals(text, s, cmp)))
            return true;
        return Group.Length > 0
            && (string.Equals(text, $"{Plural}.{Group}", cmp) || string.Equals(text, QualifiedName, cmp));
    }
}
