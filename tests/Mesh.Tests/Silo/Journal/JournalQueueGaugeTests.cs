using System.Diagnostics.Metrics;
using Mesh.Grains.Durability;
using Mesh.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Tests.Silo.Journal;

/// <summary><c>mesh.journal.queue.depth</c>: a journal reports the writes waiting for its next commit while it lives.</summary>
public sealed class JournalQueueGaugeTests
{
    [Fact]
    public async Task A_journal_reports_its_waiting_writes_until_it_is_disposed()
    {
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var seen = new List<(long Value, object? Journal)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this test's meter: other tests' journals report into their own.
            if (instrument.Name == "mesh.journal.queue.depth" && ReferenceEquals(instrument.Meter.Scope, meters)) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags) if (tag.Key == TagNames.Journal) seen.Add((value, tag.Value));
        });
        listener.Start();
        var directory = Directory.CreateTempSubdirectory("mesh-journal-gauge-").FullName;
        var journal = JournalFixtures.Sqlite(Path.Combine(directory, "journal.db"), new MeshMetrics(meters));

        await journal.AppendAsync("broker:ns/g", [new JournalEvent(1, JournalFixtures.Event("g"), ["trigger:ns/g"])]);
        listener.RecordObservableInstruments();
        seen.ShouldBe([(0L, "sqlite")], "committed: nothing waits");

        await journal.DisposeAsync();
        seen.Clear();
        listener.RecordObservableInstruments();
        seen.ShouldBeEmpty("a disposed journal is no longer reported");
        Directory.Delete(directory, recursive: true);
    }
}
