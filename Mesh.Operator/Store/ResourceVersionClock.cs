namespace Mesh.Operator.Store;

/// <summary>
/// Issues <c>metadata.resourceVersion</c>s: increasing within the process, and derived from the clock
/// (microseconds since the epoch) so that versions issued after a restart sort after the ones before
/// it. Kubernetes clients treat them as opaque strings; the watch cache compares them as numbers.
/// </summary>
public sealed class ResourceVersionClock(TimeProvider time)
{
    private long _last;

    /// <summary>The last version issued (0 before the first).</summary>
    public long Last => Interlocked.Read(ref _last);

    public long Next()
    {
        while (true)
        {
            var last = Interlocked.Read(ref _last);
            var next = Math.Max(last + 1, time.GetUtcNow().ToUnixTimeMilliseconds() * 1000);
            if (Interlocked.CompareExchange(ref _last, next, last) == last) return next;
        }
    }
}
