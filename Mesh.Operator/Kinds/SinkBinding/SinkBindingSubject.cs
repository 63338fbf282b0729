using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.SinkBinding;

/// <summary>
/// A SinkBinding's <c>spec.subject</c>: objects of one kind with a pod template (<c>spec.template</c>),
/// named, or chosen by a label selector, in the binding's namespace.
/// </summary>
public sealed record SinkBindingSubject(string ApiVersion, string Kind, string? Name, LabelSelector? Selector)
{
    public static SinkBindingSubject? Parse(FieldReader spec, string @namespace)
    {
        if (spec.Object("subject", "subject must be an object", "subject is required: the objects whose pods get K_SINK") is not { } subject) return null;
        var before = spec.Errors.Count;
        var apiVersion = subject.String("apiVersion", "apiVersion is required");
        var kind = subject.String("kind", "kind is required");
        if (apiVersion is { Length: 0 }) subject.Fail("apiVersion", "apiVersion is required");
        if (kind is { Length: 0 }) subject.Fail("kind", "kind is required");
        var name = subject.String("name");
        var selector = subject.Object("selector", "selector must be an object") is { } s ? LabelSelector.Parse(s) : null;
        if (name is { Length: > 0 } == subject.Has("selector"))
            subject.Fail("name", "set exactly one of name and selector");
        if (subject.String("namespace") is { Length: > 0 } ns && ns != @namespace)
            subject.Fail("namespace", $"a SinkBinding binds objects of its own namespace ({@namespace}) only");
        return spec.Errors.Count > before ? null : new(apiVersion!, kind!, name is { Length: > 0 } ? name : null, selector);
    }

    public string Describe() => Name is not null ? $"{Kind} {Name}" : $"{Kind}s matching {Selector!.ToQuery()}";
}
