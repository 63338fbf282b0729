using k8s;
using Microsoft.Extensions.Logging;

namespace Mesh.Operator.Kubernetes;

/// <summary>
/// List, then watch from the list's resourceVersion, for one kind (or one namespace's Secrets). A
/// dropped watch resumes from the last version seen (bookmarks included); 410 Gone means that
/// version is compacted away, so relist.
/// </summary>
public sealed partial class KindWatcher(IWatchedCollection source, IWatchHandler handler, ILogger logger)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    public bool Synced { get; private set; }

    public string Name => source.Name;

    public async Task RunAsync(CancellationToken cancellation)
    {
        string? version = null;
        var failures = 0;
        while (!cancellation.IsCancellationRequested)
        {
            try
            {
                if (version is null)
                {
                    var (items, listVersion) = await source.ListAsync(cancellation);
                    await handler.ResyncAsync(items, cancellation);
                    version = listVersion;
                    Synced = true;
                    LogListed(logger, source.Name, items.Count, version);
                }
                version = await WatchAsync(version, cancellation);
                failures = 0;
            }
            catch (Exception e) when (KindClient.IsGone(e))
            {
                LogGone(logger, source.Name, version);
                version = null;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures++;
                var wait = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 100 * Math.Pow(2, Math.Min(failures, 10))));
                LogWatchFailed(logger, e, source.Name, wait.TotalMilliseconds);
                await Task.Delay(wait, cancellation);
            }
        }
    }

    /// <returns>The last resourceVersion seen, to resume from.</returns>
    private async Task<string> WatchAsync(string version, CancellationToken cancellation)
    {
        Exception? streamError = null;
        await foreach (var (type, obj) in source.WatchAsync(version, e => streamError ??= e, cancellation))
        {
            if (streamError is not null) break;
            switch (type)
            {
                case WatchEventType.Added or WatchEventType.Modified:
                    await handler.UpsertAsync(obj, cancellation);
                    break;
                case WatchEventType.Deleted:
                    await handler.DeletedAsync(obj, cancellation);
                    break;
            }
            version = (string?)obj["metadata"]?["resourceVersion"] ?? version;
        }
        if (streamError is not null) throw streamError;
        return version;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listed {Collection}: {Count} object(s) at resourceVersion {ResourceVersion}")]
    private static partial void LogListed(ILogger logger, string collection, int count, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of {Collection} at resourceVersion {ResourceVersion} is gone (410); relisting")]
    private static partial void LogGone(ILogger logger, string collection, string? resourceVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch of {Collection} failed; reconnecting in {DelayMs} ms")]
    private static partial void LogWatchFailed(ILogger logger, Exception e, string collection, double delayMs);
}
