using System.Diagnostics;
using Mesh.Grains.Events;

namespace Mesh.Grains.Telemetry;

/// <summary>A reply being forwarded: its span (when tracing) and the reply, stamped to continue the original event's trace.</summary>
public readonly record struct ReplyScope(Activity? Span, EventEnvelope Reply) : IDisposable
{
    public void Dispose() => Span?.Dispose();
}
