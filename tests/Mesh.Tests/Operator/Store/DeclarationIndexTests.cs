using Mesh.Grains.Storage;
using Mesh.Operator.Store;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Mesh.Tests.Operator.Store;

/// <summary>
/// A kind's index of names is stored in pages: adding a name writes its page, not every name; the
/// index survives restarts; an index an earlier version stored whole is moved into pages.
/// </summary>
public sealed class DeclarationIndexTests : IAsyncLifetime
{
    private MeshHost _mesh = null!;

    public async Task InitializeAsync() => _mesh = await MeshHost.StartAsync();

    public async Task DisposeAsync() => await _mesh.DisposeAsync();

    private IGrainStorage Storage => _mesh.Services.GetRequiredKeyedService<IGrainStorage>("mesh");

    private IDeclarationIndexGrain Index(string key) => _mesh.Services.GetRequiredService<IGrainFactory>().GetGrain<IDeclarationIndexGrain>(key);

    [Fact]
    public async Task Names_are_stored_in_their_pages_and_listed_in_order_after_a_restart()
    {
        var names = Enumerable.Range(0, 150).Select(i => $"ns/name-{i}").ToList();
        foreach (var name in names) await Index("test.dev/paged").Add(name);
        await Index("test.dev/paged").Remove("ns/name-7");

        var index = await ReadAsync<DeclarationIndexState>("index", "mesh.declaration-index", "test.dev/paged");
        index.Names.ShouldBeEmpty();
        foreach (var page in TablePages.In(index.Pages))
        {
            var stored = await ReadAsync<DeclarationIndexPageState>("index-page", "mesh.declaration-index-page", $"test.dev/paged/{page}");
            stored.Names.ShouldAllBe(name => TablePages.Of(name) == page);
        }

        await _mesh.RestartAsync();
        (await Index("test.dev/paged").List()).ShouldBe(names.Where(n => n != "ns/name-7").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_index_an_earlier_version_stored_whole_is_moved_into_pages()
    {
        await Storage.WriteStateAsync("index", GrainId.Create("mesh.declaration-index", "test.dev/legacy"),
            new GrainState<DeclarationIndexState>(new DeclarationIndexState { Names = ["a/one", "a/two", "b/three"] }));

        (await Index("test.dev/legacy").List()).ShouldBe(["a/one", "a/two", "b/three"]);
        (await ReadAsync<DeclarationIndexState>("index", "mesh.declaration-index", "test.dev/legacy")).Names.ShouldBeEmpty();

        await _mesh.RestartAsync();
        await Index("test.dev/legacy").Add("c/four");
        (await Index("test.dev/legacy").List()).ShouldBe(["a/one", "a/two", "b/three", "c/four"]);
    }

    private async Task<T> ReadAsync<T>(string name, string grainType, string key) where T : new()
    {
        var state = new GrainState<T>(new T());
        await Storage.ReadStateAsync(name, GrainId.Create(grainType, key), state);
        return state.State!;
    }
}
