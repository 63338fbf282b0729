namespace Mesh.Tests.Grains.Delivery;

/// <summary>One mesh shared by a test class; each test works in a namespace of its own.</summary>
public sealed class MeshFixture : IAsyncLifetime
{
    public MeshHost Mesh { get; private set; } = null!;

    public async Task InitializeAsync() => Mesh = await MeshHost.StartAsync();

    public async Task DisposeAsync() => await Mesh.DisposeAsync();
}
