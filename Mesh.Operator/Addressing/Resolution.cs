using Mesh.Grains.Delivery;

namespace Mesh.Operator.Addressing;

/// <summary>The outcome of resolving a destination: a URI, or why there is none yet (a condition's reason and message).</summary>
public sealed record Resolution(Uri? Uri, string? Reason = null, string? Message = null)
{
    public bool Resolved => Uri is not null;

    /// <summary>The destination's audience and CACerts: its own, else those of the object its ref names.</summary>
    public DestinationAuth? Auth { get; init; }

    public static Resolution Unresolved(string reason, string message) => new(null, reason, message);
}
