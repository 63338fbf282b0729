namespace Mesh.Tests.Gateway.Senders;

/// <summary>A sender mesh with <c>Mesh:Auth:Senders:Required=true</c>.</summary>
public sealed class RequiredSenderMesh : SenderMesh
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Mesh:Auth:Senders:Required"] = "true" };
}
