using System.Diagnostics;
using Mesh.Tests.Faults;
using Mesh.Tests.Sources.GitHub;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Mesh.Tests.Upgrade;

/// <summary>
/// The command that makes an upgrade fixture (tests/Mesh.Tests/Upgrade/Fixtures/README.md): the
/// built Mesh.Silo in durable mode on the fixed ports of <see cref="UpgradeTopology"/>, every
/// declaration applied over HTTP, events accepted while every subscriber is down, then a graceful
/// stop, and the data files checkpointed into the fixture directory with a manifest. Skipped unless
/// <see cref="Variable"/> names the directory to make.
/// </summary>
public sealed class UpgradeFixtureMaker(ITestOutputHelper output)
{
    public const string Variable = "MESH_MAKE_UPGRADE_FIXTURE";

    [SkippableFact]
    public async Task Makes_an_upgrade_fixture_in_the_directory_that_MESH_MAKE_UPGRADE_FIXTURE_names()
    {
        var requested = Environment.GetEnvironmentVariable(Variable);
        Skip.If(string.IsNullOrWhiteSpace(requested), $"set {Variable} to a new directory (relative to the repository root) to make an upgrade fixture");
        var target = Path.GetFullPath(Path.Combine(SiloSettings.RepositoryRoot, requested));
        Assert.False(Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any(), $"{target} exists and is not empty: a fixture is never remade in place");

        var work = Directory.CreateTempSubdirectory("mesh-upgrade-make-").FullName;
        try
        {
            await MakeAsync(Path.Combine(work, "data"), target, requested);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private async Task MakeAsync(string data, string target, string requested)
    {
        using var ports = await FixedPorts.ClaimAsync(UpgradeTopology.Ports);
        await using var github = await GitHubApiDouble.StartAsync(UpgradeTopology.GitHubPort);
        github.Add($"repos/{UpgradeTopology.GitHubRepository}");
        await using var silo = new SiloProcess("fixture-maker", new Dictionary<string, string>
        {
            ["Mesh:DataDirectory"] = data,
            // One delivery in flight per consumer: the first event of each waits for its retry
            // (attempt 1, a minute away), the others stay queued at attempt 0.
            ["Mesh:Delivery:MaxInFlightPerTrigger"] = "1",
        }, output, UpgradeTopology.MeshPort);
        await silo.StartAsync();

        foreach (var yaml in UpgradeTopology.Declarations) await ResourceApi.MustApplyAsync(silo.Http, yaml);
        foreach (var declaration in await ListAsync(silo.Http))
            if ((string?)declaration!["kind"] != "Secret") await ResourceApi.WaitReadyAsync(silo.Http, FixtureManifest.PathOf(declaration));
        github.Calls.ShouldContain(c => c.Method == "POST", "the GitHubSource should have created its hook");

        // Nothing listens on the subscriber port (FixedPorts checked it): every attempt is refused.
        foreach (var owed in UpgradeTopology.Owed) await owed.SendAsync(silo.Http);
        var expected = UpgradeTopology.Owed.GroupBy(o => o.Consumer!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Dictionary<string, OwedRows> journal = [];
        await Eventually.TrueAsync(async () =>
        {
            journal = await OwedRows.ReadAsync(data);
            return expected.All(e => journal.TryGetValue(e.Key, out var rows) && rows.Rows == e.Value && rows.Retried >= 1);
        }, "every consumer's first delivery to fail once and have its retry recorded", () => string.Join(", ", journal), TimeSpan.FromSeconds(30));
        journal.Values.Sum(r => r.Rows - r.Retried).ShouldBeGreaterThan(0, "some deliveries should still be queued at attempt 0");
        var declarations = await ListAsync(silo.Http);

        await silo.StopAsync();
        var afterStop = await OwedRows.ReadAsync(data);
        afterStop.ShouldBe(journal, "a graceful stop leaves every delivery still owed in the journal, as it was");
        Checkpoint(data);

        Directory.CreateDirectory(target);
        foreach (var file in FixtureManifest.DataFiles) File.Copy(Path.Combine(data, file), Path.Combine(target, file));
        var (commit, clean) = Git();
        var command = $"{Variable}={requested} dotnet test tests/Mesh.Tests --filter FullyQualifiedName~{nameof(UpgradeFixtureMaker)}";
        new FixtureManifest(commit, clean, command, DateTimeOffset.UtcNow,
            new FixturePorts(UpgradeTopology.MeshPort, UpgradeTopology.SubscriberPort, UpgradeTopology.GitHubPort),
            declarations, UpgradeTopology.Owed, afterStop).Write(target);
        output.WriteLine($"data directory held: {string.Join(", ", Directory.EnumerateFileSystemEntries(data).Select(Path.GetFileName))}");
        output.WriteLine($"made {target} at {commit} (product tree clean: {clean}); journal: {string.Join(", ", afterStop)}");
    }

    private static async Task<JsonArray> ListAsync(HttpClient http)
    {
        var all = new JsonArray();
        foreach (var collection in UpgradeTopology.Collections)
        {
            var list = await ResourceApi.GetAsync(http, collection) ?? throw new InvalidOperationException($"GET {collection} failed");
            foreach (var item in list["items"]!.AsArray()) all.Add(item!.DeepClone());
        }
        return all;
    }

    /// <summary>
    /// Folds each file's write-ahead log into it, so that the committed file holds everything: the
    /// silo's pooled connections died with it, so the last connection to close here checkpoints.
    /// </summary>
    private static void Checkpoint(string data)
    {
        foreach (var file in FixtureManifest.DataFiles)
        {
            var path = Path.Combine(data, file);
            using (var connection = new SqliteConnection($"Data Source={path};Pooling=false"))
            {
                connection.Open();
                using var command = new SqliteCommand("PRAGMA wal_checkpoint(TRUNCATE);", connection);
                command.ExecuteNonQuery();
            }
            foreach (var side in new[] { "-wal", "-shm" })
                File.Exists(path + side).ShouldBeFalse($"{file}{side} is still there after the checkpoint: the committed {file} would not be self-contained");
        }
    }

    /// <summary>The commit checked out, and whether the product (everything but tests/) matches it.</summary>
    private static (string Commit, bool ProductTreeClean) Git()
    {
        var commit = Run("rev-parse", "HEAD").Trim();
        var changes = Run("status", "--porcelain", "--", ".", ":(exclude)tests");
        return (commit, changes.Trim().Length == 0);
    }

    private static string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = SiloSettings.RepositoryRoot, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var git = Process.Start(start)!;
        var text = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', arguments)} failed with {git.ExitCode}");
        return text;
    }
}
