using Orleans.Storage;

namespace Mesh.Tests.Silo.Storage;

// Each test owns its file and its silos: restarts and duplicate activations are the point here,
// so a cluster shared by the class would not do.
public sealed class SqliteGrainStorageTests : IDisposable
{
    private readonly TempDatabase database = new();

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task State_written_survives_a_full_silo_restart_on_the_same_file()
    {
        await using (var silo = await SqliteTestSilo.StartAsync(database.Path))
        {
            await silo.Grains.GetGrain<IStorageProbeGrain>("default/restart").Write("before restart");
        }

        await using (var silo = await SqliteTestSilo.StartAsync(database.Path))
        {
            var grain = silo.Grains.GetGrain<IStorageProbeGrain>("default/restart");
            (await grain.Read()).ShouldBe("before restart");
            (await grain.ETag()).ShouldBe("1");
        }
    }

    [Fact]
    public async Task Clear_removes_the_state_and_keeps_counting_versions()
    {
        await using (var silo = await SqliteTestSilo.StartAsync(database.Path))
        {
            var grain = silo.Grains.GetGrain<IStorageProbeGrain>("default/clear");
            await grain.Write("doomed");
            await grain.Clear();
            (await grain.Read()).ShouldBeNull();
            (await grain.ETag()).ShouldBe("2");
        }

        await using (var silo = await SqliteTestSilo.StartAsync(database.Path))
        {
            var grain = silo.Grains.GetGrain<IStorageProbeGrain>("default/clear");
            (await grain.Read()).ShouldBeNull();
            await grain.Write("reborn");
            (await grain.ETag()).ShouldBe("3");
        }
    }

    [Fact]
    public async Task Write_over_a_stale_etag_fails_with_InconsistentStateException()
    {
        await using var silo = await SqliteTestSilo.StartAsync(database.Path);
        var grain = silo.Grains.GetGrain<IStorageProbeGrain>("default/stale");
        await grain.Write("first");

        // Someone else wrote behind this activation's back.
        (await database.ScalarAsync("UPDATE OrleansStorage SET Version = Version + 1 RETURNING Version")).ShouldBe(2L);

        await Should.ThrowAsync<InconsistentStateException>(() => grain.Write("second"));
        (await database.ScalarAsync("SELECT count(*) FROM OrleansStorage")).ShouldBe(1L);
    }

    [Fact]
    public async Task First_write_fails_when_another_silo_inserted_the_state_meanwhile()
    {
        await using var first = await SqliteTestSilo.StartAsync(database.Path);
        await using var second = await SqliteTestSilo.StartAsync(database.Path);
        var mine = first.Grains.GetGrain<IStorageProbeGrain>("default/duplicate");
        (await mine.Read()).ShouldBeNull();

        await second.Grains.GetGrain<IStorageProbeGrain>("default/duplicate").Write("theirs");

        await Should.ThrowAsync<InconsistentStateException>(() => mine.Write("mine"));
        (await database.ScalarAsync("SELECT count(*) FROM OrleansStorage")).ShouldBe(1L);
    }

    [Fact]
    public async Task The_file_is_in_WAL_mode()
    {
        await using var silo = await SqliteTestSilo.StartAsync(database.Path);

        (await database.ScalarAsync("PRAGMA journal_mode")).ShouldBe("wal");
    }

    [Fact]
    public async Task Two_storage_names_on_one_file_keep_their_own_state()
    {
        await using (var silo = await SqliteTestSilo.StartAsync(database.Path))
        {
            var grain = silo.Grains.GetGrain<IStorageProbeGrain>("default/two-names");
            await grain.Write("in mesh");
            await grain.WriteOther("in PubSubStore");
        }

        await using (var silo = await SqliteTestSilo.StartAsync(database.Path))
        {
            var grain = silo.Grains.GetGrain<IStorageProbeGrain>("default/two-names");
            (await grain.Read()).ShouldBe("in mesh");
            (await grain.ReadOther()).ShouldBe("in PubSubStore");
        }

        (await database.ScalarAsync("SELECT count(*) FROM OrleansStorage")).ShouldBe(2L);
    }
}
