using Mesh.Grains.Events;

namespace Mesh.Grains.Filtering;

/// <summary>A compiled filter: decides whether one event passes.</summary>
public interface IEventFilter
{
    bool Matches(EventEnvelope envelope);
}
