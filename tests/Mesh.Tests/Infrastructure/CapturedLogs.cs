using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.Tests.Infrastructure;

/// <summary>
/// Every line the mesh's own loggers (categories <c>Mesh.*</c>, down to Trace) write, with its
/// exception, kept in memory so that a test can check what was never written (a secret's value).
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>Adds this provider to a host's services; other categories keep the host's levels.</summary>
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton<ILoggerProvider>(this);
        services.Configure<LoggerFilterOptions>(o => o.Rules.Add(new LoggerFilterRule(typeof(CapturedLogs).FullName, "Mesh", LogLevel.Trace, null)));
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
