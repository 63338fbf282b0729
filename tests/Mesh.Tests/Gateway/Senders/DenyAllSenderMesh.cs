namespace Mesh.Tests.Gateway.Senders;

/// <summary>A sender mesh with <c>Mesh:Auth:DefaultAuthorization=deny-all</c>.</summary>
public sealed class DenyAllSenderMesh : SenderMesh
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Mesh:Auth:DefaultAuthorization"] = "deny-all" };
}
