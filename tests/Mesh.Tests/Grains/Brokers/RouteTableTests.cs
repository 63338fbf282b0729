using Mesh.Grains.Brokers;
using Mesh.Grains.Filtering;
using Mesh.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Mesh.Tests.Grains.Brokers;

/// <summary>
/// A broker router's trigger table is stored in pages: a trigger added writes its page and not the
/// table, the table survives restarts, and a table an earlier version stored whole is moved into pages.
/// </summary>
public sealed class RouteTableTests : IAsyncLifetime
{
    private MeshHost _mesh = null!;

    public async Task InitializeAsync() => _mesh = await MeshHost.StartAsync();

    public async Task DisposeAsync() => await _mesh.DisposeAsync();

    private IGrainStorage Storage => _mesh.Services.GetRequiredKeyedService<IGrainStorage>("mesh");

    private IBrokerRouterGrain Router(string broker) => _mesh.Services.GetRequiredService<IGrainFactory>().GetGrain<IBrokerRouterGrain>(broker);

    private static FilterSpec TypeIs(string type) => new(FilterKind.Attributes, new Dictionary<string, string> { ["type"] = type });

    [Fact]
    public async Task Each_trigger_is_stored_in_its_page_and_the_router_keeps_only_which_pages_are_in_use()
    {
        var triggers = Enumerable.Range(0, 200).Select(i => $"paged/t-{i}").ToList();
        foreach (var trigger in triggers) await Router("paged/b").SetTrigger(trigger, TypeIs(trigger));

        var router = await ReadAsync<BrokerRouterState>("router", "mesh.broker-router", "paged/b");
        router.Triggers.ShouldBeEmpty();
        var pages = triggers.Select(TablePages.Of).Distinct().ToList();
        TablePages.In(router.Pages).ShouldBe(pages.Order(), ignoreOrder: true);
        foreach (var page in pages)
        {
            var stored = await ReadAsync<BrokerRoutesState>("routes", "mesh.broker-routes", $"paged/b/{page}");
            stored.Filters.Keys.ShouldBe(triggers.Where(t => TablePages.Of(t) == page), ignoreOrder: true);
        }
        // Spread: no page holds much more than its share, so a write stays a small fraction of the table.
        pages.Count.ShouldBeGreaterThan(TablePages.Count / 2);
    }

    [Fact]
    public async Task The_table_survives_a_restart_and_a_removed_trigger_stays_removed()
    {
        await Router("kept/b").SetTrigger("kept/a", TypeIs("a"));
        await Router("kept/b").SetTrigger("kept/b", TypeIs("b"));
        await Router("kept/b").RemoveTrigger("kept/a");

        await _mesh.RestartAsync();

        (await Router("kept/b").HasTrigger("kept/b")).ShouldBeTrue();
        (await Router("kept/b").HasTrigger("kept/a")).ShouldBeFalse();
        var router = await ReadAsync<BrokerRouterState>("router", "mesh.broker-router", "kept/b");
        TablePages.In(router.Pages).ShouldBe([TablePages.Of("kept/b")], "the page of the removed trigger is empty and no longer read");
    }

    [Fact]
    public async Task A_table_an_earlier_version_stored_whole_is_moved_into_pages()
    {
        var legacy = new BrokerRouterState
        {
            Triggers = new() { ["legacy/x"] = TypeIs("x"), ["legacy/y"] = TypeIs("y"), ["legacy/z"] = FilterSpec.MatchAll },
        };
        await Storage.WriteStateAsync("router", GrainId.Create("mesh.broker-router", "legacy/b"), new GrainState<BrokerRouterState>(legacy));

        (await Router("legacy/b").HasTrigger("legacy/y")).ShouldBeTrue();

        var router = await ReadAsync<BrokerRouterState>("router", "mesh.broker-router", "legacy/b");
        router.Triggers.ShouldBeEmpty();
        var moved = new Dictionary<string, FilterSpec>();
        foreach (var page in TablePages.In(router.Pages))
            foreach (var (trigger, filter) in (await ReadAsync<BrokerRoutesState>("routes", "mesh.broker-routes", $"legacy/b/{page}")).Filters)
                moved[trigger] = filter;
        moved.Keys.ShouldBe(["legacy/x", "legacy/y", "legacy/z"], ignoreOrder: true);
        moved["legacy/x"].Attributes!["type"].ShouldBe("x");

        await _mesh.RestartAsync();
        (await Router("legacy/b").HasTrigger("legacy/z")).ShouldBeTrue();
    }

    [Fact]
    public void A_key_keeps_its_page_across_versions()
    {
        // The page is part of what is stored: a different hash would strand every stored entry
        // (FNV-1a of the UTF-16 code units, modulo 64).
        new[] { TablePages.Of(""), TablePages.Of("a"), TablePages.Of("bench/default"), TablePages.Of("bench/idle-9999") }
            .ShouldBe([5, 44, 15, 63]);
    }

    private async Task<T> ReadAsync<T>(string name, string grainType, string key) where T : new()
    {
        var state = new GrainState<T>(new T());
        await Storage.ReadStateAsync(name, GrainId.Create(grainType, key), state);
        return state.State!;
    }
}
