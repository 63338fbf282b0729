using Mesh.Tests.Operator.Auth;

namespace Mesh.Tests.Cli;

/// <summary>
/// The mesh the authenticated CLI tests share: a token file, and alice bound to a broker editor role
/// in team-a. The tests only read what it grants, so one mesh serves them all.
/// </summary>
public sealed class AuthenticatedCliMesh : IAsyncLifetime
{
    public AuthenticatedMesh Auth { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Auth = await AuthenticatedMesh.StartAsync();
        using var admin = Auth.As(AuthenticatedMesh.AdminToken);
        (await AuthenticatedMesh.PutYamlAsync(admin, RbacYaml.RolePath("team-a", "broker-editor"), RbacYaml.BrokerEditor("team-a"))).IsSuccessStatusCode.ShouldBeTrue();
        (await AuthenticatedMesh.PutYamlAsync(admin, RbacYaml.RoleBindingPath("team-a", "alice"), RbacYaml.BindUser("team-a", "alice", "alice"))).IsSuccessStatusCode.ShouldBeTrue();
    }

    public async Task DisposeAsync() => await Auth.DisposeAsync();
}
