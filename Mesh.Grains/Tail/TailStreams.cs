namespace Mesh.Grains.Tail;

/// <summary>Names of the Orleans stream provider and stream namespace that carry tails.</summary>
public static class TailStreams
{
    /// <summary>A memory stream provider: a tail is short-lived, and what it shows need not survive a restart.</summary>
    public const string ProviderName = "mesh.tail";

    public const string Namespace = "mesh.tail";

    /// <summary>The grain storage Orleans' stream pub-sub keeps subscriptions in.</summary>
    public const string PubSubStore = "PubSubStore";

    public static StreamId For(string tapKey) => StreamId.Create(Namespace, tapKey);
}
