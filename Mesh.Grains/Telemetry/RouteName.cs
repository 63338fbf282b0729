namespace Mesh.Grains.Telemetry;

/// <summary>
/// What a router's spans are called: <c>route {namespace}/{name}</c>, made once per broker or channel
/// activation instead of once per event.
/// </summary>
/// <param name="Key">The broker's or channel's <c>{namespace}/{name}</c>.</param>
public sealed record RouteName(string Key)
{
    public string SpanName { get; } = $"route {Key}";
}
