using System.Diagnostics;
using Mesh.Grains.Events;

namespace Mesh.Grains.Telemetry;

/// <summary>One HTTP attempt being made: its span (when tracing), when it started, and the envelope to send (re-parented under the span).</summary>
/// <param name="Destination">Which of the target's addresses: <c>subscriber</c>, <c>reply</c> or <c>dead_letter_sink</c>.</param>
public readonly record struct DeliveryAttempt(Activity? Span, long Started, EventEnvelope Envelope, Uri Address, string Destination, int Number);
