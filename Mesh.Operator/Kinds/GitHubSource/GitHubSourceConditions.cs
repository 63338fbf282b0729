using Mesh.Operator.Conditions;
using Mesh.Operator.Delivery;
using Mesh.Operator.Kinds.Secret;
using Mesh.Operator.Resources;
using Mesh.Operator.Sources;

namespace Mesh.Operator.Kinds.GitHubSource;

/// <summary>A GitHubSource is Ready once its secrets are readable, its sink and dead-letter sink resolve, and its webhook is configured on GitHub.</summary>
public sealed class GitHubSourceConditions(JsonObject previousStatus, TimeProvider time) : SourceConditions(Set, previousStatus, time)
{
    private const string Webhook = "WebhookConfigured";

    public static ConditionSet Set { get; } = new("SecretsProvided", SinkProvided, DeadLetterSink.Condition, Webhook);

    /// <param name="missing">The first token that could not be resolved, or null when both were.</param>
    public void MarkSecrets(SecretValue? missing) =>
        Conditions.Mark("SecretsProvided", missing is null, missing?.Reason ?? "SecretsProvided", missing?.Message);

    public void MarkWebhookConfigured() => Conditions.MarkTrue(Webhook, Webhook);

    public void MarkWebhookWaitingForSecrets() =>
        Conditions.MarkFalse(Webhook, "SecretsNotProvided", "the webhook needs the access token and the secret token");

    public void MarkWebhookFailed(string reason, string message) => Conditions.MarkFalse(Webhook, reason, message);

    /// <summary>Whether the previous reconcile found the webhook configured (so an unchanged one need not be written again).</summary>
    public static bool WasConfigured(JsonObject previousStatus) =>
        FieldReader.TextOf(Readiness.Condition(previousStatus, Webhook)?["status"]) == nameof(ConditionStatus.True);
}
