using System.Collections.Concurrent;
using Mesh.Grains.Sources.GitHub;
using Mesh.Operator.Addressing;
using Mesh.Operator.Hosting;
using Mesh.Operator.Kinds.Secret;
using Mesh.Operator.Resources;
using Mesh.Operator.Sources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Octokit;

namespace Mesh.Operator.Kinds.GitHubSource;

/// <summary>
/// GitHubSources: a webhook registered on the repository (or organisation) through the GitHub API,
/// pointing at the mesh's receiver, whose grain checks each delivery and queues it for the sink.
/// </summary>
public sealed partial class GitHubSourceReconciler(
    IGrainFactory grains, DestinationResolver resolver, SecretReferences secrets, GitHubWebhooks webhooks,
    PublicAddress address, TimeProvider time, ILogger<GitHubSourceReconciler> logger, IOptions<GitHubApiOptions> apiOptions)
    : IKindReconciler<GitHubSourceDeclaration>
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LastRetry = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<ObjectKey, (int Failures, TimeSpan? RetryAfter)> _failures = new();

    public async Task<JsonObject> ReconcileAsync(Declared<GitHubSourceDeclaration> source, CancellationToken cancellation)
    {
        var ns = source.Namespace;
        var spec = source.Spec;
        var conditions = new GitHubSourceConditions(source.Status, time);
        var status = new JsonObject();

        var accessToken = await secrets.ResolveAsync(spec.AccessToken, ns, cancellation);
        var secretToken = await secrets.ResolveAsync(spec.SecretToken, ns, cancellation);
        var missing = !accessToken.Resolved ? accessToken : !secretToken.Resolved ? secretToken : null;
        conditions.MarkSecrets(missing);
        // A Secret that is absent comes back through the Secret's own change; one that could not be
        // read (permissions, API down) gives no such signal, so it is retried with backoff.
        if (missing is { Retry: true }) _failures.AddOrUpdate(source.Key, _ => (1, null), (_, f) => (f.Failures + 1, null));
        else if (missing is not null) _failures.TryRemove(source.Key, out _);

        var target = await SourceTarget.ResolveAsync(resolver, spec.Sink, spec.Delivery, ns, conditions, status);

        // The receiver is configured before the hook exists, so that GitHub's first ping finds it.
        var eventSource = $"https://github.com/{spec.OwnerAndRepository}";
        await grains.GetGrain<IGitHubSourceGrain>(source.Key.GrainKey).Configure(new GitHubSourceSpec(
            secretToken.Value, spec.EventTypes, eventSource, target.SinkUri, target.DeliverySpec, spec.CeOverrides.ToDictionary(), target.SinkAuth));

        var hookId = HookId(source.Status);
        if (missing is not null) conditions.MarkWebhookWaitingForSecrets();
        // Security (issue 11): the access token goes only to an API server the operator allowed.
        else if (ApiUrlRefusal(spec) is { } refusal) conditions.MarkWebhookFailed("GitHubAPIURLNotAllowed", refusal);
        else hookId = await ConfigureWebhookAsync(source, accessToken, secretToken, hookId, conditions, status);
        if (hookId is not null) status["webhookIDKey"] = hookId.Value.ToString();

        status["observedGeneration"] = source.Generation;
        status["conditions"] = conditions.ToJson();
        status["ceAttributes"] = new JsonArray([.. spec.EventTypes.Select(t => (JsonNode)new JsonObject { ["type"] = GitHubSourceGrain.TypePrefix + t, ["source"] = eventSource })]);
        return status;
    }

    public TimeSpan? RequeueAfter(Declared<GitHubSourceDeclaration> source)
    {
        if (!_failures.TryGetValue(source.Key, out var failure)) return null;
        var backoff = FirstRetry * Math.Pow(2, Math.Min(failure.Failures - 1, 10));
        var wait = failure.RetryAfter is { } after && after > backoff ? after : backoff;
        return wait > LastRetry ? LastRetry : wait;
    }

    public async Task RemoveAsync(Declaration declaration, GitHubSourceDeclaration? spec, CancellationToken cancellation)
    {
        _failures.TryRemove(declaration.Key, out _);
        await grains.GetGrain<IGitHubSourceGrain>(declaration.Key.GrainKey).Remove();
        if (spec is null || HookId(declaration.Status) is not { } hookId) return;
        if (ApiUrlRefusal(spec) is { } refusal)
        {
            LogHookLeft(logger, declaration.Key.ToString(), hookId, refusal);
            return;
        }
        var accessToken = await secrets.ResolveAsync(spec.AccessToken, declaration.Namespace, cancellation);
        if (!accessToken.Resolved)
        {
            LogHookLeft(logger, declaration.Key.ToString(), hookId, accessToken.Message ?? "");
            return;
        }
        try
        {
            await webhooks.DeleteAsync(spec.ApiUrl, accessToken.Value!, spec.OwnerAndRepository, hookId);
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or TaskCanceledException)
        {
            // The source goes regardless: a declaration must be deletable while GitHub is unreachable.
            LogHookLeft(logger, declaration.Key.ToString(), hookId, e.Message);
        }
    }

    public IEnumerable<ObjectKey> DependsOn(Declared<GitHubSourceDeclaration> source)
    {
        var ns = source.Namespace;
        yield return source.Spec.AccessToken.Target(ns);
        yield return source.Spec.SecretToken.Target(ns);
        if (resolver.Target(source.Spec.Sink, ns) is { } sink) yield return sink;
        if (resolver.Target(source.Spec.Delivery?.DeadLetterSink, ns) is { } dls) yield return dls;
    }

    /// <returns>The hook's id after the attempt (unchanged when it failed).</returns>
    private async Task<long?> ConfigureWebhookAsync(
        Declared<GitHubSourceDeclaration> source, SecretValue accessToken, SecretValue secretToken, long? hookId, GitHubSourceConditions conditions, JsonObject status)
    {
        var spec = source.Spec;
        var url = address.For($"/sources/github/{source.Namespace}/{source.Name}");
        var configuredFor = $"{source.Generation}/{accessToken.Version}/{secretToken.Version}/{url}";
        if (hookId is not null && FieldReader.TextOf(source.Status["webhookConfiguredFor"]) == configuredFor && GitHubSourceConditions.WasConfigured(source.Status))
        {
            _failures.TryRemove(source.Key, out _);
            conditions.MarkWebhookConfigured();
            status["webhookConfiguredFor"] = configuredFor;
            return hookId;
        }
        var settings = new WebhookSettings(spec.ApiUrl, accessToken.Value!, spec.OwnerAndRepository, url, secretToken.Value!, spec.EventTypes, spec.Secure);
        try
        {
            hookId = await webhooks.ApplyAsync(settings, hookId);
            _failures.TryRemove(source.Key, out _);
            conditions.MarkWebhookConfigured();
            status["webhookConfiguredFor"] = configuredFor;
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or TaskCanceledException)
        {
            var (reason, retryAfter) = Failure(e);
            _failures.AddOrUpdate(source.Key, _ => (1, retryAfter), (_, f) => (f.Failures + 1, retryAfter));
            LogWebhookFailed(logger, source.Key.ToString(), reason, e.Message);
            conditions.MarkWebhookFailed(reason, e.Message);
        }
        return hookId;
    }

    private string? ApiUrlRefusal(GitHubSourceDeclaration spec)
    {
        var options = apiOptions.Value;
        return options.Allows(new Uri(spec.ApiUrl))
            ? null
            : $"githubAPIURL {spec.ApiUrl} is not one of {GitHubApiOptions.Section}:ApiUrls ({string.Join(", ", options.EffectiveApiUrls)}); the access token is sent only there";
    }

    private static long? HookId(JsonObject status) =>
        status["webhookIDKey"] is JsonValue v && long.TryParse(v.ToString(), out var id) ? id : null;

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
