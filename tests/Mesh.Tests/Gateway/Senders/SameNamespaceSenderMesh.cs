namespace Mesh.Tests.Gateway.Senders;

/// <summary>A sender mesh with <c>Mesh:Auth:DefaultAuthorization=allow-same-namespace</c>.</summary>
public sealed class SameNamespaceSenderMesh : SenderMesh
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Mesh:Auth:DefaultAuthorization"] = "allow-same-namespace" };
}
