using Mesh.Operator.Resources;
using Mesh.Operator.Store;

namespace Mesh.Operator.Watch;

/// <summary>One write to the store, as a watch reports it: the object as it is after the write (as it was, for a deletion).</summary>
public sealed record WatchEvent(WatchEventType Type, ObjectKey Key, DeclarationRecord Record)
{
    public long ResourceVersion => Record.ResourceVersion;

    /// <summary>Kubernetes' name of the event type: <c>ADDED</c>, <c>MODIFIED</c> or <c>DELETED</c>.</summary>
    public string WireType => Type switch
    {
        WatchEventType.Added => "ADDED",
        WatchEventType.Modified => "MODIFIED",
        _ => "DELETED",
    };
}

public enum WatchEventType
{
    Added,
    Modified,
    Deleted,
}
