using Mesh.Grains.Filtering;
using Mesh.Operator.Kinds.Trigger;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.EventPolicy;

/// <summary>
/// An EventPolicy as declared: the brokers and channels it applies to (none: every one in its
/// namespace, as Knative), who may send to them, and the filters their events must pass.
/// </summary>
public sealed record EventPolicyDeclaration(IReadOnlyList<EventPolicyTarget> To, IReadOnlyList<EventPolicySource> From, FilterSpec? Filter)
    : IDeclarationSpec<EventPolicyDeclaration>
{
    public static EventPolicyDeclaration? Parse(FieldReader spec, JsonObject metadata)
    {
        var before = spec.Errors.Count;
        var to = Entries(spec, "to", EventPolicyTarget.Parse);
        var from = Entries(spec, "from", EventPolicySource.Parse);
        if (spec.Has("filter")) spec.Fail("filter", "an EventPolicy has no filter; use filters");
        var filter = spec.Has("filters") ? TriggerFilters.Parse(spec) : null;
        return spec.Errors.Count > before ? null : new(to, from, filter);
    }

    private static List<T> Entries<T>(FieldReader spec, string field, Func<FieldReader, T?> parse) where T : class
    {
        var read = new List<T>();
        if (spec.List(field, $"{field} must be a list") is not { } list) return read;
        for (var i = 0; i < list.Count; i++)
            if (FieldReader.At(list[i], $"{spec.PathOf(field)}[{i}]", spec.Errors, $"each {field} entry must be an object") is { } entry
                && parse(entry) is { } item)
                read.Add(item);
        return read;
    }
}
