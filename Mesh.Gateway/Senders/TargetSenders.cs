using Mesh.Grains.Events;
using Mesh.Grains.Filtering;
using Mesh.Grains.Senders;

namespace Mesh.Gateway.Senders;

/// <summary>A target's sender rules with their filters compiled once, as the ingress checks them per event.</summary>
public sealed class TargetSenders(SenderRules rules, DateTimeOffset fetched)
{
    private readonly (SenderRule Rule, IEventFilter Filter)[] _rules =
        [.. rules.Rules.Select(r => (r, r.Filter is { } f ? FilterCompiler.Compile(f) : (IEventFilter)MatchAllFilter.Instance))];

    public string Audience => rules.Audience;

    public bool HasPolicies => _rules.Length > 0;

    public DateTimeOffset Fetched => fetched;

    /// <summary>Null when a policy lets <paramref name="subject"/> send every one of <paramref name="events"/>; otherwise why not.</summary>
    public string? Refuse(string subject, IReadOnlyList<EventEnvelope> events)
    {
        var admitting = _rules.Where(r => r.Rule.Admits(subject)).ToArray();
        if (admitting.Length == 0) return $"no EventPolicy allows '{subject}' to send here";
        foreach (var e in events)
            if (!admitting.Any(r => r.Filter.Matches(e)))
                return $"the EventPolicies that allow '{subject}' do not allow event '{e.Id}' of type '{e.Type}' (their filters do not match)";
        return null;
    }
}
