using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.ApiServerSource;

/// <summary>One entry of an ApiServerSource's <c>spec.resources</c>: a kind to watch, narrowed by a label selector.</summary>
public sealed record ApiServerResource(string ApiVersion, string Kind, LabelSelector? Selector)
{
    public static ApiServerResource? Parse(FieldReader item)
    {
        var before = item.Errors.Count;
        var apiVersion = item.String("apiVersion", "apiVersion is required");
        var kind = item.String("kind", "kind is required");
        if (apiVersion is { Length: 0 }) item.Fail("apiVersion", "apiVersion is required");
        if (kind is { Length: 0 }) item.Fail("kind", "kind is required");
        var selector = item.Object("selector", "selector must be an object") is { } s ? LabelSelector.Parse(s) : null;
        return item.Errors.Count > before ? null : new(apiVersion!, kind!, selector);
    }
}
