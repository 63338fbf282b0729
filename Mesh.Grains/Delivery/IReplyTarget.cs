using Mesh.Grains.Brokers;
using Mesh.Grains.Events;

namespace Mesh.Grains.Delivery;

/// <summary>Where a subscriber's CloudEvent reply goes: back into a broker.</summary>
public interface IReplyTarget
{
    /// <returns>
    /// <see cref="PublishResult.Accepted"/> once the reply is taken (queued or committed, as the
    /// broker promises a producer); anything else, or an exception, means it was not.
    /// </returns>
    Task<PublishResult> AcceptReplyAsync(EventEnvelope reply);
}
