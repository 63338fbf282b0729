using Mesh.Grains.Tail;

namespace Mesh.Gateway.Tail;

/// <summary>
/// Puts each delivery outcome under its event. The ingress puts an accepted event on the tail once
/// the broker has taken it, and a trigger's outcome travels on its own (from another silo, perhaps),
/// so an outcome can arrive first. Such an outcome is held until its event arrives, or for
/// <see cref="HoldFor"/> at most (its event may have been accepted before the tail opened, or
/// skipped by a busy tail); then it is shown on its own.
/// </summary>
public sealed class TailSequencer
{
    /// <summary>How long an outcome waits for its event.</summary>
    public static readonly TimeSpan HoldFor = TimeSpan.FromSeconds(1);

    /// <summary>Outcomes held at most; beyond it the oldest is shown at once.</summary>
    public const int MaxHeld = 1024;

    private readonly RecentEvents _seen = new();
    private readonly LinkedList<(TailRecord Record, DateTimeOffset Due)> _held = new();

    /// <summary>When the oldest held outcome is due to be shown without its event, if one is held.</summary>
    public DateTimeOffset? NextDue => _held.First?.Value.Due;

    /// <summary>Takes one record and adds to <paramref name="ready"/> what can be shown now, in order.</summary>
    public void Admit(TailRecord record, DateTimeOffset now, List<TailRecord> ready)
    {
        if (record.Event is { } e)
        {
            ready.Add(record);
            _seen.Add(e.Source, e.Id);
            for (var node = _held.First; node is not null;)
            {
                var next = node.Next;
                if (node.Value.Record.Outcome is { } o && o.EventSource == e.Source && o.EventId == e.Id)
                {
                    ready.Add(node.Value.Record);
                    _held.Remove(node);
                }
                node = next;
            }
            return;
        }
        if (record.Outcome is not { } outcome || _seen.Contains(outcome.EventSource, outcome.EventId))
        {
            ready.Add(record);
            return;
        }
        _held.AddLast((record, now + HoldFor));
        if (_held.Count > MaxHeld)
        {
            ready.Add(_held.First!.Value.Record);
            _held.RemoveFirst();
        }
    }

    /// <summary>Adds to <paramref name="ready"/> the held outcomes that waited <see cref="HoldFor"/> for their event.</summary>
    public void Release(DateTimeOffset now, List<TailRecord> ready)
    {
        while (_held.First is { } first && first.Value.Due <= now)
        {
            ready.Add(first.Value.Record);
            _held.RemoveFirst();
        }
    }
}
