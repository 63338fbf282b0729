using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Mesh.Grains.Delivery;
using Mesh.Grains.Sources.GitHub;
using Mesh.Operator.Hosting;
using Mesh.Operator.Resources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Octokit;

namespace Mesh.Operator.Reconcilers;

/// <summary>
/// GitHubSources: a webhook registered on the repository (or organisation) through the GitHub API,
/// pointing at the mesh's receiver, whose grain checks each delivery and queues it for the sink.
/// </summary>
public sealed partial class GitHubSourceReconciler(
    IGrainFactory grains, DestinationResolver resolver, SecretReferences secrets, GitHubWebhooks webhooks,
    PublicAddress address, TimeProvider time, ILogger<GitHubSourceReconciler> logger, IOptions<GitHubApiOptions> apiOptions) : IKindReconciler
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LastRetry = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<ObjectKey, (int Failures, TimeSpan? RetryAfter)> _failures = new();

    [GeneratedRegex(@"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)?$")]
    private static partial Regex OwnerAndRepository();

    public ResourceKind Kind => KnativeKinds.GitHubSource;

    // Deleting the source deletes its webhook on GitHub: in Kubernetes mode it carries a finalizer.
    public bool HasExternalEffects => true;

    public void Validate(Declaration declaration, FieldErrors errors)
    {
        var spec = declaration.Spec;
        if (Destinations.Text(spec["ownerAndRepository"]) is not { } repo || !OwnerAndRepository().IsMatch(repo))
            errors.Add("spec.ownerAndRepository", "ownerAndRepository must be 'owner/repository', or an organisation's name");
        if (spec["eventTypes"] is not JsonArray { Count: > 0 } types || types.Any(t => Destinations.Text(t) is not { Length: > 0 }))
            errors.Add("spec.eventTypes", "eventTypes must be a non-empty list of GitHub event names such as push or issue_comment");
        SourceDeclarations.ValidateSecretKeyRef(spec["accessToken"], "spec.accessToken", errors);
        SourceDeclarations.ValidateSecretKeyRef(spec["secretToken"], "spec.secretToken", errors);
        if (spec["githubAPIURL"] is { } api && !(Uri.TryCreate(Destinations.Text(api), UriKind.Absolute, out var apiUri) && apiUri.Scheme is "http" or "https"))
            errors.Add("spec.githubAPIURL", "githubAPIURL must be an absolute http(s) URL such as https://github.example.com/api/v3/");
        if (spec["secure"] is { } secure && secure.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            errors.Add("spec.secure", "secure must be true or false");
        Destinations.Validate(spec["sink"], "spec.sink", errors, required: true);
        SourceDeclarations.ValidateCeOverrides(spec["ceOverrides"], "spec.ceOverrides", errors);
        DeliveryDeclarations.Validate(spec["delivery"], "spec.delivery", errors);
    }

    public void ValidateUpdate(Declaration previous, Declaration next, FieldErrors errors)
    {
        foreach (var field in new[] { "ownerAndRepository", "githubAPIURL" })
            if (Destinations.Text(previous.Spec[field]) != Destinations.Text(next.Spec[field]))
                errors.Add($"spec.{field}", $"{field} is immutable (the hook lives there); delete and re-create the source to move it");
    }

    public async Task<JsonObject> ReconcileAsync(Declaration declaration, CancellationToken cancellation)
    {
        var ns = declaration.Namespace;
        var spec = declaration.Spec;
        var conditions = new Conditions(declaration.Status, time);
        var status = new JsonObject();
        var ownerAndRepository = Destinations.Text(spec["ownerAndRepository"])!;
        var eventTypes = ((JsonArray)spec["eventTypes"]!).Select(t => Destinations.Text(t)!).ToArray();

        var accessToken = await secrets.ResolveAsync(spec["accessToken"], ns, cancellation);
        var secretToken = await secrets.ResolveAsync(spec["secretToken"], ns, cancellation);
        var missing = !accessToken.Resolved ? accessToken : !secretToken.Resolved ? secretToken : null;
        conditions.Set("SecretsProvided", missing is null, missing?.Reason ?? "SecretsProvided", missing?.Message);
        // A Secret that is absent comes back through the Secret's own change; one that could not be
        // read (permissions, API down) gives no such signal, so it is retried with backoff.
        if (missing is { Retry: true }) _failures.AddOrUpdate(declaration.Key, _ => (1, null), (_, f) => (f.Failures + 1, null));
        else if (missing is not null) _failures.TryRemove(declaration.Key, out _);

        var sink = await resolver.ResolveAsync(spec["sink"], ns);
        conditions.Set("SinkProvided", sink.Resolved, sink.Resolved ? "SinkProvided" : sink.Reason, sink.Message);
        if (sink.Resolved) status["sinkUri"] = sink.Uri!.ToString();
        var deadLetter = await resolver.ResolveDeadLetterAsync(spec["delivery"]?["deadLetterSink"], ns, conditions, status);

        // The receiver is configured before the hook exists, so that GitHub's first ping finds it.
        var source = $"https://github.com/{ownerAndRepository}";
        var delivery = (DeliveryDeclarations.Read(spec["delivery"], deadLetter?.Uri?.ToString(), deadLetter?.Auth) ?? new DeliverySpec()).OverridesOn(DeliverySpec.BrokerDefault);
        var active = sink.Resolved && (deadLetter is null || deadLetter.Resolved);
        await grains.GetGrain<IGitHubSourceGrain>(declaration.Key.GrainKey).Configure(new GitHubSourceSpec(
            secretToken.Value, eventTypes, source, active ? sink.Uri!.ToString() : null, delivery, SourceDeclarations.Extensions(spec["ceOverrides"]), sink.Auth));

        var hookId = declaration.Status["webhookIDKey"] is JsonValue v && long.TryParse(v.ToString(), out var id) ? id : (long?)null;
        if (missing is not null)
        {
            conditions.Set("WebhookConfigured", false, "SecretsNotProvided", "the webhook needs the access token and the secret token");
        }
        else if (ApiUrlRefusal(spec) is { } refusal)
        {
            // Security (issue 11): the access token goes only to an API server the operator allowed.
            conditions.Set("WebhookConfigured", false, "GitHubAPIURLNotAllowed", refusal);
        }
        else
        {
            var url = address.For($"/sources/github/{ns}/{declaration.Name}");
            var configuredFor = $"{declaration.Generation}/{accessToken.Version}/{secretToken.Version}/{url}";
            var upToDate = hookId is not null && Destinations.Text(declaration.Status["webhookConfiguredFor"]) == configuredFor
                && (declaration.Status["conditions"] as JsonArray)?.OfType<JsonObject>().Any(c => (string?)c["type"] == "WebhookConfigured" && (string?)c["status"] == "True") == true;
            if (upToDate)
            {
                _failures.TryRemove(declaration.Key, out _);
                conditions.Set("WebhookConfigured", true, "WebhookConfigured");
                status["webhookConfiguredFor"] = configuredFor;
            }
            else
            {
                var settings = new WebhookSettings(ApiUrl(spec), accessToken.Value!, ownerAndRepository, url, secretToken.Value!, eventTypes, spec["secure"]?.GetValueKind() == JsonValueKind.True);
                try
                {
                    hookId = await webhooks.ApplyAsync(settings, hookId);
                    _failures.TryRemove(declaration.Key, out _);
                    conditions.Set("WebhookConfigured", true, "WebhookConfigured");
                    status["webhookConfiguredFor"] = configuredFor;
                }
                catch (Exception e) when (e is ApiException or HttpRequestException or TaskCanceledException)
                {
                    var (reason, retryAfter) = Failure(e);
                    _failures.AddOrUpdate(declaration.Key, _ => (1, retryAfter), (_, f) => (f.Failures + 1, retryAfter));
                    LogWebhookFailed(logger, declaration.Key.ToString(), reason, e.Message);
                    conditions.Set("WebhookConfigured", false, reason, e.Message);
                }
            }
        }
        if (hookId is not null) status["webhookIDKey"] = hookId.Value.ToString();

        status["observedGeneration"] = declaration.Generation;
        status["conditions"] = conditions.WithReady();
        status["ceAttributes"] = new JsonArray([.. eventTypes.Select(t => (JsonNode)new JsonObject { ["type"] = GitHubSourceGrain.TypePrefix + t, ["source"] = source })]);
        return status;
    }

    public TimeSpan? RequeueAfter(Declaration declaration)
    {
        if (!_failures.TryGetValue(declaration.Key, out var failure)) return null;
        var backoff = FirstRetry * Math.Pow(2, Math.Min(failure.Failures - 1, 10));
        var wait = failure.RetryAfter is { } after && after > backoff ? after : backoff;
        return wait > LastRetry ? LastRetry : wait;
    }

    public async Task RemoveAsync(Declaration declaration, CancellationToken cancellation)
    {
        _failures.TryRemove(declaration.Key, out _);
        await grains.GetGrain<IGitHubSourceGrain>(declaration.Key.GrainKey).Remove();
        if (declaration.Status["webhookIDKey"] is not JsonValue v || !long.TryParse(v.ToString(), out var hookId)) return;
        if (ApiUrlRefusal(declaration.Spec) is { } refusal)
        {
            LogHookLeft(logger, declaration.Key.ToString(), hookId, refusal);
            return;
        }
        var accessToken = await secrets.ResolveAsync(declaration.Spec["accessToken"], declaration.Namespace, cancellation);
        if (!accessToken.Resolved)
        {
            LogHookLeft(logger, declaration.Key.ToString(), hookId, accessToken.Message ?? "");
            return;
        }
        try
        {
            await webhooks.DeleteAsync(ApiUrl(declaration.Spec), accessToken.Value!, Destinations.Text(declaration.Spec["ownerAndRepository"])!, hookId);
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or TaskCanceledException)
        {
            // The source goes regardless: a declaration must be deletable while GitHub is unreachable.
            LogHookLeft(logger, declaration.Key.ToString(), hookId, e.Message);
        }
    }

    public IEnumerable<ObjectKey> DependsOn(Declaration declaration)
    {
        var ns = declaration.Namespace;
        if (SecretReferences.Target(declaration.Spec["accessToken"], ns) is { } access) yield return access;
        if (SecretReferences.Target(declaration.Spec["secretToken"], ns) is { } token) yield return token;
        if (resolver.Target(declaration.Spec["sink"], ns) is { } sink) yield return sink;
        if (resolver.Target(declaration.Spec["delivery"]?["deadLetterSink"], ns) is { } dls) yield return dls;
    }

    private static string ApiUrl(JsonObject spec) => Destinations.Text(spec["githubAPIURL"]) ?? GitHubWebhooks.DefaultApiUrl;

    private string? ApiUrlRefusal(JsonObject spec)
    {
        var options = apiOptions.Value;
        return options.Allows(new Uri(ApiUrl(spec)))
            ? null
            : $"githubAPIURL {ApiUrl(spec)} is not one of {GitHubApiOptions.Section}:ApiUrls ({string.Join(", ", options.EffectiveApiUrls)}); the access token is sent only there";
    }

    private (string Reason, TimeSpan? RetryAfter) Failure(Exception e) => e switch
    {
        RateLimitExceededException limit => ("RateLimited", limit.Reset - time.GetUtcNow()),
        AuthorizationException => ("Unauthorized", null),
        ForbiddenException => ("Forbidden", null),
        NotFoundException => ("NotFound", null),
        ApiException => ("GitHubError", null),
        _ => ("GitHubUnreachable", null),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Configuring the webhook of {Source} failed ({Reason}): {Error}; retrying with backoff")]
    private static partial void LogWebhookFailed(ILogger logger, string source, string reason, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The webhook {HookId} of deleted {Source} was left on GitHub: {Error}")]
    private static partial void LogHookLeft(ILogger logger, string source, long hookId, string error);
}
