using System.Collections.Concurrent;
using Mesh.Gateway.Ingress;
using Mesh.Grains.Brokers;
using Mesh.Grains.Channels;
using Mesh.Grains.Events;
using Mesh.Grains.Senders;
using Mesh.Grains.Telemetry;
using Microsoft.Extensions.Options;

namespace Mesh.Gateway.Senders;

/// <summary>
/// Sender authentication and EventPolicy at broker and channel ingress: who sent (a bearer token for
/// the target's audience from a trusted issuer) and whether a policy, or the default mode, lets them.
/// A target's rules come from its grain and are kept for <see cref="Refresh"/>.
/// </summary>
public sealed class SenderGate(SenderTokens tokens, IGrainFactory grains, IOptions<SenderAuthOptions> options, TimeProvider time)
{
    /// <summary>How long a target's rules are used before its grain is asked again: how soon a policy change is enforced.</summary>
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);

    private const int Remembered = 10_000;
    private readonly ConcurrentDictionary<(string Kind, string Namespace, string Name), SenderAuthorization?> _targets = new();

    /// <summary>The sender, null when none need be known, or a 401 problem.</summary>
    public async Task<(string? Subject, SenderAuthorization? Target, IngressProblem? Problem)> AuthenticateAsync(
        HttpRequest request, string kind, string @namespace, string name)
    {
        var target = await TargetAsync(kind, @namespace, name);
        // A target that does not exist is answered 404 by the grain, as without sender authentication.
        if (target is null || !target.NeedsSender) return (null, target, null);
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return (null, target, Unauthenticated(request, null, "A bearer token is required to send here (Authorization: Bearer …)."));
        var (token, refusal) = await tokens.ValidateAsync(header["Bearer ".Length..].Trim(), request.HttpContext.RequestAborted);
        if (token is null) return (null, target, Unauthenticated(request, "invalid_token", $"The bearer token is not accepted: {refusal}."));
        if (!token.Audiences.Contains(target.Audience))
            return (null, target, Unauthenticated(request, "invalid_token", $"The bearer token is not for this target: its audience must be '{target.Audience}'."));
        return (token.Subject, target, null);
    }

    /// <summary>A 403 problem when no policy (or, without policies, the default mode) lets the sender send these events.</summary>
    public static IngressProblem? Authorize(string? subject, SenderAuthorization? target, IReadOnlyList<EventEnvelope> events)
    {
        if (subject is null || target is null) return null;
        var refusal = target.Refuse(subject, events);
        return refusal is null ? null : new IngressProblem(StatusCodes.Status403Forbidden, "Forbidden.", $"{refusal}.");
    }

    private async Task<SenderAuthorization?> TargetAsync(string kind, string @namespace, string name)
    {
        var key = (kind, @namespace, name);
        var now = time.GetUtcNow();
        if (_targets.TryGetValue(key, out var cached) && cached is not null && now - cached.Built < Refresh) return cached;
        var rules = kind == TagNames.Broker
            ? await grains.GetGrain<IBrokerGrain>($"{@namespace}/{name}").Senders()
            : await grains.GetGrain<IChannelGrain>($"{@namespace}/{name}").Senders();
        // Only targets that exist are remembered: made-up names must not grow the map.
        if (rules is null)
        {
            _targets.TryRemove(key, out _);
            return null;
        }
        if (_targets.Count >= Remembered) _targets.Clear();
        return _targets[key] = new SenderAuthorization(@namespace, rules, options.Value, now);
    }

    private static IngressProblem Unauthenticated(HttpRequest request, string? error, string detail)
    {
        request.HttpContext.Response.Headers.WWWAuthenticate = error is null ? "Bearer" : $"Bearer error=\"{error}\"";
        return new IngressProblem(StatusCodes.Status401Unauthorized, "Unauthorized.", detail);
    }
}
