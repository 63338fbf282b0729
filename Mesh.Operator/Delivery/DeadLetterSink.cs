using Mesh.Operator.Addressing;
using Mesh.Operator.Conditions;

namespace Mesh.Operator.Delivery;

/// <summary>
/// The dead-letter sink of whatever delivers (brokers, triggers, channels, sources): resolved as any
/// destination, shown in <c>status.deadLetterSinkUri</c> and in the <c>DeadLetterSinkResolved</c>
/// condition, which is True when none is declared (Knative's DeadLetterSinkNotConfigured).
/// </summary>
public static class DeadLetterSink
{
    public const string Condition = "DeadLetterSinkResolved";

    /// <returns>The resolution, or null when no sink is declared.</returns>
    public static async Task<Resolution?> ResolveAsync(DestinationResolver resolver, Destination? sink, string @namespace, JsonObject status)
    {
        if (sink is null) return null;
        var resolution = await resolver.ResolveAsync(sink, @namespace);
        if (resolution.Resolved) status["deadLetterSinkUri"] = resolution.Uri!.ToString();
        if (resolution.Auth?.Audience is { } audience) status["deadLetterSinkAudience"] = audience;
        if (resolution.Auth?.CACerts is { } caCerts) status["deadLetterSinkCACerts"] = caCerts;
        return resolution;
    }

    public static void Mark(StatusConditions conditions, Resolution? resolution)
    {
        if (resolution is null) conditions.MarkTrue(Condition, "DeadLetterSinkNotConfigured", "No dead letter sink is configured.");
        else conditions.Mark(Condition, resolution.Resolved, resolution.Reason ?? Condition, resolution.Message);
    }

    /// <summary>Whether what delivers may take events: a declared sink must be resolved first.</summary>
    public static bool Ready(Resolution? resolution) => resolution is null || resolution.Resolved;
}
