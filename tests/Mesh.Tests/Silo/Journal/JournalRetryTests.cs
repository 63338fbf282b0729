using Mesh.Grains.Durability;

namespace Mesh.Tests.Silo.Journal;

/// <summary>A journal whose commit failed tries again after a pause measured on its <see cref="TimeProvider"/>.</summary>
public sealed class JournalRetryTests
{
    [Fact]
    public async Task A_failed_commit_is_tried_again_after_the_retry_delay_on_the_journals_clock()
    {
        var directory = Directory.CreateTempSubdirectory("mesh-journal-retry-").FullName;
        // The journal's directory is a file at first, so its schema cannot be made and the commit fails.
        var blocked = Path.Combine(directory, "data");
        await File.WriteAllTextAsync(blocked, "not a directory");
        var time = new ObservedFakeTime();
        var journal = JournalFixtures.Sqlite(Path.Combine(blocked, "journal.db"), time: time);
        try
        {
            await Should.ThrowAsync<IOException>(journal.AppendAsync("broker:ns/r", [Event(1)]));
            // The commit loop now pauses on the journal's clock, and only time moved there ends the pause.
            await time.WaitForTimersAsync(1);

            File.Delete(blocked);
            var second = journal.AppendAsync("broker:ns/r", [Event(2)]);
            time.Advance(GroupCommitJournal.RetryDelay(1) - TimeSpan.FromMilliseconds(1));
            second.IsCompleted.ShouldBeFalse("the pause is not over, so nothing was tried again");

            time.Advance(TimeSpan.FromMilliseconds(1));
            await second.WaitAsync(TimeSpan.FromSeconds(10));
            (await journal.LastSequenceAsync("broker:ns/r")).ShouldBe(2);
        }
        finally
        {
            await journal.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static JournalEvent Event(long sequence) => new(sequence, JournalFixtures.Event($"r{sequence}"), ["trigger:ns/r"]);
}
