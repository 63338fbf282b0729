namespace Mesh.Tests.Gateway.Senders;

/// <summary>A sender mesh with allow-all, policies only where declared.</summary>
public sealed class AllowAllSenderMesh : SenderMesh
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>();
}
