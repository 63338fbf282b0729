using Mesh.Silo.Hosting.Journal;
using Npgsql;
using Shouldly;

namespace Mesh.Tests.Silo.Journal;

/// <summary>
/// The cluster journal asks Npgsql to prepare its statements; the contract suite
/// (<see cref="PostgresJournalTests"/>) runs every journal operation with them prepared.
/// </summary>
public sealed class PostgresPreparedStatementsTests
{
    [Fact]
    public void A_connection_string_without_a_say_gets_automatic_preparation()
    {
        var settings = new NpgsqlConnectionStringBuilder(PostgresEventJournal.JournalConnectionString("Host=db;Username=mesh;Password=secret"));

        settings.MaxAutoPrepare.ShouldBeGreaterThanOrEqualTo(16, "the journal has more distinct statements than that");
        settings.AutoPrepareMinUsages.ShouldBe(2);
        settings.Host.ShouldBe("db");
        settings.Password.ShouldBe("secret");
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;MaxAutoPrepare=5", 5)]
    [InlineData("Host=db;max auto prepare=7", 7)]
    public void A_connection_string_that_sets_it_is_kept_as_given(string given, int expected) =>
        new NpgsqlConnectionStringBuilder(PostgresEventJournal.JournalConnectionString(given)).MaxAutoPrepare.ShouldBe(expected);

    [Theory]
    [InlineData("Host=db", "-c enable_seqscan=off -c enable_hashjoin=off -c enable_mergejoin=off")]
    [InlineData("Host=db;Options=-c statement_timeout=5s", "-c enable_seqscan=off -c enable_hashjoin=off -c enable_mergejoin=off -c statement_timeout=5s")]
    public void The_planner_settings_come_first_and_options_given_are_kept_after_them(string given, string expected) =>
        // After ours, the connection string's own options win where they set the same thing.
        new NpgsqlConnectionStringBuilder(PostgresEventJournal.JournalConnectionString(given)).Options.ShouldBe(expected);
}
