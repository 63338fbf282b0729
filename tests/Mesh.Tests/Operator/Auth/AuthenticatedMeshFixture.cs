namespace Mesh.Tests.Operator.Auth;

/// <summary>One <see cref="AuthenticatedMesh"/> with the default token file, shared by a test class.</summary>
public sealed class AuthenticatedMeshFixture : IAsyncLifetime
{
    public AuthenticatedMesh Auth { get; private set; } = null!;

    public async Task InitializeAsync() => Auth = await AuthenticatedMesh.StartAsync();

    public async Task DisposeAsync() => await Auth.DisposeAsync();
}
