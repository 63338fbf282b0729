namespace Mesh.Tests.Infrastructure;

/// <summary>
/// One mesh shared by a test class whose settings the class decides (a durable variant of the same
/// tests overrides them): started by the first test that asks, disposed with the class.
/// </summary>
public sealed class SettingsMeshFixture : IAsyncLifetime
{
    private Task<MeshHost>? _mesh;

    /// <summary>The class's mesh, started with <paramref name="settings"/> on first use. Tests of a class run one at a time.</summary>
    public Task<MeshHost> MeshAsync(IDictionary<string, string?>? settings) => _mesh ??= MeshHost.StartAsync(settings);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_mesh is not null) await (await _mesh).DisposeAsync();
    }
}
