namespace Mesh.Operator.Resources;

/// <summary>
/// Knative's audience of an addressable object, <c>{group}/{kind}/{namespace}/{name}</c> in lower
/// case (<c>eventing.knative.dev/broker/default/default</c>): what a sender's token must be issued for.
/// </summary>
public static class Audiences
{
    public static string Of(ResourceKind kind, Declaration declaration) =>
        $"{kind.Group}/{kind.Kind}/{declaration.Namespace}/{declaration.Name}".ToLowerInvariant();
}
