using Mesh.Tests.Grains.Durability;

namespace Mesh.Tests.Topology;

// The same topologies with every event journaled: channels hand events to subscriptions through
// the journal, and replies re-enter through it.

public sealed class DurableChannelFanOutTopologyTests(SettingsMeshFixture fixture) : ChannelFanOutTopologyTests(fixture)
{
    protected override IDictionary<string, string?>? Settings => JournalFile.DurableSettings();
}

public sealed class DurableLifecycleTopologyTests(SettingsMeshFixture fixture) : LifecycleTopologyTests(fixture)
{
    protected override IDictionary<string, string?>? Settings => JournalFile.DurableSettings();
}

public sealed class DurableParallelTopologyTests(SettingsMeshFixture fixture) : ParallelTopologyTests(fixture)
{
    protected override IDictionary<string, string?>? Settings => JournalFile.DurableSettings();
}

public sealed class DurableSequenceTopologyTests(SettingsMeshFixture fixture) : SequenceTopologyTests(fixture)
{
    protected override IDictionary<string, string?>? Settings => JournalFile.DurableSettings();
}

public sealed class DurableSubscriptionReplyTopologyTests(SettingsMeshFixture fixture) : SubscriptionReplyTopologyTests(fixture)
{
    protected override IDictionary<string, string?>? Settings => JournalFile.DurableSettings();
}
