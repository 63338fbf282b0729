using Mesh.Grains.Events;

namespace Mesh.Grains.Delivery;

/// <summary>Where a subscriber's CloudEvent reply goes: back into a broker, or on to a reply destination.</summary>
public interface IReplyTarget
{
    /// <returns>False when the reply could not be taken (the target is gone or not ready).</returns>
    Task<bool> AcceptReplyAsync(EventEnvelope reply);
}
