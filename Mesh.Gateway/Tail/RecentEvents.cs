namespace Mesh.Gateway.Tail;

/// <summary>The last <see cref="Capacity"/> events (by source and id) a tail has seen: enough for the outcomes that follow them.</summary>
public sealed class RecentEvents
{
    public const int Capacity = 10_000;

    private readonly HashSet<(string Source, string Id)> _seen = [];
    private readonly Queue<(string, string)> _order = new();

    public void Add(string source, string id)
    {
        if (!_seen.Add((source, id))) return;
        _order.Enqueue((source, id));
        if (_order.Count > Capacity) _seen.Remove(_order.Dequeue());
    }

    public bool Contains(string source, string id) => _seen.Contains((source, id));
}
