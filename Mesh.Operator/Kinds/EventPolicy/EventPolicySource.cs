using Mesh.Operator.Addressing;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.EventPolicy;

/// <summary>One entry of <c>spec.from</c>: a token subject (a trailing <c>*</c> is a prefix), or a mesh object whose identity may send.</summary>
public sealed record EventPolicySource(string? Sub, KReference? Ref)
{
    public static EventPolicySource? Parse(FieldReader entry)
    {
        var before = entry.Errors.Count;
        var sub = entry.String("sub");
        var reference = entry.Object("ref", "ref must be an object");
        if ((sub is null) == (reference is null))
        {
            entry.Errors.Add(entry.Path, "exactly one of ref and sub is required");
            return null;
        }
        if (sub is { Length: 0 }) entry.Fail("sub", "sub must not be empty");
        if (sub is { Length: > 1 } && sub.IndexOf('*') is var star and >= 0 && star != sub.Length - 1)
            entry.Fail("sub", "a '*' may only end the subject (it makes the rest a prefix)");
        var kref = reference is { } r ? KReference.Parse(r) : null;
        return entry.Errors.Count > before ? null : new EventPolicySource(sub, kref);
    }
}
