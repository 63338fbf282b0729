using Mesh.Tests.Grains.Durability;

namespace Mesh.Tests.Topology;

// The same topologies with every event journaled: channels hand events to subscriptions through
// the journal instead of a stream, and replies re-enter through it.

public sealed class DurableChannelFanOutTopologyTests : ChannelFanOutTopologyTests
{
    protected override IDictionary<string, string?>? Settings => JournalFile.DurableSettings();
}

public sealed class DurableLifecycleTopologyTests : LifecycleTopologyTests
{
    protected override IDictionary<string, string?>? Settings => JournalFile.DurableSettings();
}

public sealed class DurableParallelTopologyTests : ParallelTopologyTests
{
    protected override IDictionary<string, string?>? Settings => JournalFile.DurableSettings();
}

public sealed class DurableSequenceTopologyTests : SequenceTopologyTests
{
    protected override IDictionary<string, string?>? Settings => JournalFile.DurableSettings();
}

public sealed class DurableSubscriptionReplyTopologyTests : SubscriptionReplyTopologyTests
{
    protected override IDictionary<string, string?>? Settings => JournalFile.DurableSettings();
}
