using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.EventPolicy;

/// <summary>One entry of <c>spec.to</c>: a broker or channel by name, or every one of a kind whose labels match.</summary>
public sealed record EventPolicyTarget(string ApiVersion, string Kind, string? Name, LabelSelector? Selector)
{
    private string Group => ApiVersion.Contains('/') ? ApiVersion[..ApiVersion.IndexOf('/')] : "";

    /// <summary>Whether the object (in the policy's namespace) is selected by this entry.</summary>
    public bool Selects(Declaration target) =>
        Group == target.Kind.Group && Kind == target.Kind.Kind
        && (Name is not null ? Name == target.Name : Selector!.Matches(target.Metadata));

    public static EventPolicyTarget? Parse(FieldReader entry)
    {
        var before = entry.Errors.Count;
        var reference = entry.Object("ref", "ref must be an object");
        var selector = entry.Object("selector", "selector must be an object");
        if ((reference is null) == (selector is null))
        {
            entry.Errors.Add(entry.Path, "exactly one of ref and selector is required");
            return null;
        }
        var from = (reference ?? selector)!.Value;
        var apiVersion = from.String("apiVersion", "apiVersion is required");
        var kind = from.String("kind", "kind is required");
        var name = reference is not null ? from.String("name", "name is required") : null;
        var labels = selector is not null ? LabelSelector.Parse(from) : null;
        if (apiVersion is { Length: 0 }) from.Fail("apiVersion", "apiVersion is required");
        if (kind is { Length: 0 }) from.Fail("kind", "kind is required");
        if (name is { Length: 0 }) from.Fail("name", "name is required");
        return entry.Errors.Count > before ? null : new EventPolicyTarget(apiVersion!, kind!, name, labels);
    }

    public JsonObject ToJson() => Name is not null
        ? new JsonObject { ["apiVersion"] = ApiVersion, ["kind"] = Kind, ["name"] = Name }
        : new JsonObject { ["apiVersion"] = ApiVersion, ["kind"] = Kind };
}
