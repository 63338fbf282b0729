using Mesh.Grains.Events;

namespace Mesh.Grains.Filtering;

/// <summary><c>all</c>: every nested filter must pass (an empty list passes).</summary>
public sealed class AllFilter(IReadOnlyList<IEventFilter> filters) : IEventFilter
{
    private readonly IEventFilter[] _filters = [.. filters];

    public bool Matches(EventEnvelope envelope)
    {
        foreach (var filter in _filters)
            if (!filter.Matches(envelope)) return false;
        return true;
    }
}

/// <summary><c>any</c>: at least one nested filter must pass (an empty list passes nothing).</summary>
public sealed class AnyFilter(IReadOnlyList<IEventFilter> filters) : IEventFilter
{
    private readonly IEventFilter[] _filters = [.. filters];

    public bool Matches(EventEnvelope envelope)
    {
        foreach (var filter in _filters)
            if (filter.Matches(envelope)) return true;
        return false;
    }
}

/// <summary><c>not</c>: passes what the nested filter rejects.</summary>
public sealed class NotFilter(IEventFilter inner) : IEventFilter
{
    public bool Matches(EventEnvelope envelope) => !inner.Matches(envelope);
}
