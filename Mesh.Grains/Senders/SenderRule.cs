using Mesh.Grains.Filtering;

namespace Mesh.Grains.Senders;

/// <summary>
/// One EventPolicy as it applies to one broker or channel: the subjects it lets send (a trailing
/// <c>*</c> is a prefix) and the filter every event they send must pass.
/// </summary>
[GenerateSerializer, Immutable, Alias("mesh.sender-rule")]
public sealed record SenderRule(
    [property: Id(0)] string Policy,
    [property: Id(1)] string[] Subjects,
    [property: Id(2)] FilterSpec? Filter)
{
    /// <summary>Whether <paramref name="subject"/> is one of this rule's subjects (an empty <c>from</c> allows every authenticated sender, as Knative's).</summary>
    public bool Admits(string subject) => Subjects.Length == 0 || Subjects.Any(s => SubjectMatches(s, subject));

    public static bool SubjectMatches(string pattern, string subject) =>
        pattern.EndsWith('*') ? subject.StartsWith(pattern[..^1], StringComparison.Ordinal) : pattern == subject;

    public bool SameAs(SenderRule other) =>
        Policy == other.Policy && Subjects.SequenceEqual(other.Subjects) && FilterText(Filter) == FilterText(other.Filter);

    private static string FilterText(FilterSpec? filter) => filter is null ? "" : System.Text.Json.JsonSerializer.Serialize(filter);
}
