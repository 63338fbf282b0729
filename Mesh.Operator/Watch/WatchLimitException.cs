namespace Mesh.Operator.Watch;

/// <summary>
/// A watch refused because <see cref="Hosting.OperatorOptions.MaxWatches"/> watches are open: answered
/// 429 with <c>Retry-After</c>, as the API server answers when its long-running requests are at their limit.
/// </summary>
public sealed class WatchLimitException(int limit)
    : InvalidOperationException($"{limit} watches are open, the most Mesh:MaxWatches allows; try again later.")
{
    public int Limit { get; } = limit;
}
