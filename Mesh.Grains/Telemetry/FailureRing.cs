using System.Text;
using Mesh.Grains.Delivery;

namespace Mesh.Grains.Telemetry;

/// <summary>The last few failed attempts of one trigger or subscription; older ones are overwritten.</summary>
public sealed class FailureRing(int capacity)
{
    public const int MaxBodyChars = 256;

    private readonly FailureRecord?[] _slots = new FailureRecord?[Math.Max(capacity, 0)];
    private int _next;

    public void Add(DateTimeOffset at, string eventId, DeliveryOutcome outcome, int attempt, Uri destination)
    {
        if (_slots.Length == 0) return;
        var record = new FailureRecord(at, eventId, outcome.StatusCode, Excerpt(outcome), attempt, Redacted(destination));
        lock (_slots)
        {
            _slots[_next] = record;
            _next = (_next + 1) % _slots.Length;
        }
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<FailureRecord> Snapshot()
    {
        lock (_slots)
        {
            var list = new List<FailureRecord>(_slots.Length);
            for (var i = 1; i <= _slots.Length; i++)
                if (_slots[(_next - i + _slots.Length) % _slots.Length] is { } record) list.Add(record);
            return list;
        }
    }

    private static string Excerpt(DeliveryOutcome outcome)
    {
        if (outcome.Body.Length == 0) return outcome.Error ?? "";
        var text = Encoding.UTF8.GetString(outcome.Body, 0, Math.Min(outcome.Body.Length, MaxBodyChars * 2));
        var printable = new string([.. text.Select(c => char.IsControl(c) && c is not '\n' ? ' ' : c)]);
        return printable.Length <= MaxBodyChars ? printable : printable[..MaxBodyChars] + "…";
    }

    // A query string may carry a token; the page needs only where it went.
    private static string Redacted(Uri destination) => destination.GetLeftPart(UriPartial.Path);
}
