namespace Mesh.Operator.Auth.Access;

/// <summary>
/// Marks an endpoint that watches the mesh (dashboard, UI, tail, the sign-in form): served on the
/// admin listener when there is one, and sending an unauthenticated browser to <c>/login</c>.
/// </summary>
public sealed class MeshWatcherMetadata
{
    public static MeshWatcherMetadata Instance { get; } = new();
}
