namespace Mesh.Silo.Hosting.Listeners;

/// <summary>Endpoint metadata for endpoints served elsewhere than the main port only.</summary>
public sealed record ListenerScope(bool EveryListener, bool MetricsListener)
{
    /// <summary><c>/healthz</c> and <c>/readyz</c>: on every port, never behind a token.</summary>
    public static ListenerScope Every { get; } = new(true, false);

    /// <summary><c>/metrics</c>: its own port if configured, else with the watcher pages.</summary>
    public static ListenerScope Metrics { get; } = new(false, true);
}
