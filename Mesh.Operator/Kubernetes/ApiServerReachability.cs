using Microsoft.Extensions.Logging;

namespace Mesh.Operator.Kubernetes;

/// <summary>
/// Whether this instance reaches the API server, from the outcome of every request its client
/// makes (Lease renewals, lists, watch reconnects): a response is contact; a transport failure,
/// a 5xx or a refused credential (401) is not. Readiness turns on how long it has been out of contact.
/// </summary>
public sealed partial class ApiServerReachability(TimeProvider time, ILogger<ApiServerReachability> logger)
{
    private readonly object _gate = new();
    private bool _reached;
    private DateTimeOffset? _failingSince;
    private string? _lastFailure;

    public void Reached()
    {
        lock (_gate)
        {
            if (_failingSince is not null && _reached) LogReachedAgain(logger);
            _reached = true;
            _failingSince = null;
        }
    }

    public void Failed(string reason)
    {
        lock (_gate)
        {
            if (_failingSince is null) LogUnreachable(logger, reason);
            _failingSince ??= time.GetUtcNow();
            _lastFailure = reason;
        }
    }

    /// <summary>Why this instance counts as cut off from the API server, or null while it is not.</summary>
    public string? Problem(TimeSpan after)
    {
        lock (_gate)
        {
            if (!_reached) return _lastFailure is null ? "the Kubernetes API server has not been reached yet" : $"the Kubernetes API server has not been reached yet: {_lastFailure}";
            if (_failingSince is not { } since || time.GetUtcNow() - since < after) return null;
            return $"the Kubernetes API server has been unreachable since {since:u}: {_lastFailure}";
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot reach the Kubernetes API server: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The Kubernetes API server is reachable again")]
    private static partial void LogReachedAgain(ILogger logger);
}
