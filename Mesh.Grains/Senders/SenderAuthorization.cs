using Mesh.Grains.Events;
using Mesh.Grains.Filtering;

namespace Mesh.Grains.Senders;

/// <summary>
/// Who may send to one broker or channel, ready to check per request: its EventPolicies with their
/// filters compiled once, or, when none applies, the default authorization mode. The ingress and a
/// broker taking a trigger's reply both decide here.
/// </summary>
public sealed class SenderAuthorization(string @namespace, SenderRules rules, SenderAuthOptions options, DateTimeOffset built)
{
    private readonly (SenderRule Rule, IEventFilter Filter)[] _rules =
        [.. rules.Rules.Select(r => (r, r.Filter is { } f ? FilterCompiler.Compile(f) : (IEventFilter)MatchAllFilter.Instance))];

    public string Audience => rules.Audience;

    public SenderRules Rules => rules;

    /// <summary>When the rules were read, for callers that keep them a while.</summary>
    public DateTimeOffset Built => built;

    /// <summary>Whether a sender must say who it is: a policy applies, or the settings ask for it.</summary>
    public bool NeedsSender => _rules.Length > 0 || options.TokenRequiredWithoutPolicy;

    /// <summary>Null when <paramref name="subject"/> may send every one of <paramref name="events"/>; otherwise why not.</summary>
    public string? Refuse(string subject, IReadOnlyList<EventEnvelope> events)
    {
        if (_rules.Length == 0) return options.DefaultAuthorization switch
        {
            SenderAuthOptions.DenyAll => "no EventPolicy applies here and the default authorization mode is deny-all",
            SenderAuthOptions.AllowSameNamespace when !subject.StartsWith($"system:serviceaccount:{@namespace}:", StringComparison.Ordinal) =>
                $"no EventPolicy applies here and the default authorization mode allows only senders of namespace '{@namespace}'",
            _ => null,
        };
        var admitting = _rules.Where(r => r.Rule.Admits(subject)).ToArray();
        if (admitting.Length == 0) return $"no EventPolicy allows '{subject}' to send here";
        foreach (var e in events)
            if (!admitting.Any(r => r.Filter.Matches(e)))
                return $"the EventPolicies that allow '{subject}' do not allow event '{e.Id}' of type '{e.Type}' (their filters do not match)";
        return null;
    }
}
