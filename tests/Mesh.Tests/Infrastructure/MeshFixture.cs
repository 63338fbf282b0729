namespace Mesh.Tests.Infrastructure;

/// <summary>
/// One mesh shared by a test class (or a collection); each test works in a namespace of its own.
/// Starting a mesh is most of what a control-plane or ingress test costs, so tests share one.
/// </summary>
public sealed class MeshFixture : IAsyncLifetime
{
    public MeshHost Mesh { get; private set; } = null!;

    public async Task InitializeAsync() => Mesh = await MeshHost.StartAsync();

    public async Task DisposeAsync() => await Mesh.DisposeAsync();
}

/// <summary>
/// The test classes that share one mesh: they run one after another, each test in namespaces of its
/// own, so that a single mesh start serves them all.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedMesh : ICollectionFixture<MeshFixture>
{
    public const string Name = "Shared mesh";
}
