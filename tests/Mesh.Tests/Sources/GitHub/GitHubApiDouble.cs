using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.Tests.Sources.GitHub;

/// <summary>A call the double received: method, path and JSON body.</summary>
public sealed record GitHubCall(string Method, string Path, JsonObject? Body);

/// <summary>
/// The part of the GitHub REST API that Octokit calls for webhooks (create, edit, delete, list, get,
/// for repositories and organisations), on Kestrel at 127.0.0.1. Octokit addresses any host but
/// github.com under <c>/api/v3/</c>, as for GitHub Enterprise. Answers 401 to a token other than
/// <see cref="Token"/> and 404 to repositories and organisations it was not told about.
/// </summary>
public sealed class GitHubApiDouble : IAsyncDisposable
{
    public const string Token = "ghp_good_token";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<GitHubCall> _calls = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<long, JsonObject>> _hooks = new();
    private long _nextId = 4000;

    private GitHubApiDouble(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;
    public IReadOnlyList<GitHubCall> Calls => [.. _calls];

    /// <summary>Hooks on <c>repos/owner/repo</c> or <c>orgs/org</c>.</summary>
    public IReadOnlyDictionary<long, JsonObject> HooksOf(string owner) =>
        _hooks.TryGetValue(owner, out var hooks) ? hooks : new Dictionary<long, JsonObject>();

    /// <summary>Makes a repository (<c>repos/owner/repo</c>) or organisation (<c>orgs/org</c>) exist.</summary>
    public void Add(string owner) => _hooks.TryAdd(owner, new());

    /// <summary>Deletes a hook behind the mesh's back, as someone in GitHub's settings page would.</summary>
    public bool RemoveHook(string owner, long id) => _hooks.TryGetValue(owner, out var hooks) && hooks.TryRemove(id, out _);

    /// <param name="port">0 for an ephemeral port; a fixed one when a stored <c>githubAPIURL</c> names it (an upgrade fixture).</param>
    public static async Task<GitHubApiDouble> StartAsync(int port = 0)
    {
        var app = LoopbackServer.CreateBuilder(port).Build();
        var double_ = new GitHubApiDouble(app);
        app.Run(double_.HandleAsync);
        await app.StartAsync();
        double_.Url = new Uri(LoopbackServer.AddressOf(app) + "/");
        return double_;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        JsonObject? body = null;
        if (request.ContentLength > 0 || request.Headers.ContainsKey("Transfer-Encoding"))
            body = (await JsonNode.ParseAsync(request.Body))?.AsObject();
        _calls.Enqueue(new GitHubCall(request.Method, request.Path, body));

        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.EndsWith(" " + Token, StringComparison.Ordinal))
        {
            await Answer(context, 401, new JsonObject { ["message"] = "Bad credentials", ["documentation_url"] = "https://docs.github.com/rest" });
            return;
        }
        // /api/v3/repos/{owner}/{repo}/hooks[/{id}] or /api/v3/orgs/{org}/hooks[/{id}]
        var segments = request.Path.Value!.Trim('/').Split('/');
        var hooksAt = Array.IndexOf(segments, "hooks");
        if (segments.Length < 4 || segments[0] != "api" || segments[1] != "v3" || hooksAt < 0)
        {
            await Answer(context, 404, new JsonObject { ["message"] = "Not Found" });
            return;
        }
        var owner = string.Join('/', segments[2..hooksAt]);
        if (!_hooks.TryGetValue(owner, out var hooks))
        {
            await Answer(context, 404, new JsonObject { ["message"] = "Not Found" });
            return;
        }
        long? id = segments.Length > hooksAt + 1 && long.TryParse(segments[hooksAt + 1], out var parsed) ? parsed : null;
        switch (request.Method, id)
        {
            case ("POST", null):
                var created = Hook(Interlocked.Increment(ref _nextId), owner, body!, null);
                hooks[(long)created["id"]!] = created;
                await Answer(context, 201, created);
                break;
            case ("GET", null):
                await Answer(context, 200, new JsonArray([.. hooks.Values.Select(h => (JsonNode)h.DeepClone())]));
                break;
            case (_, { } hookId) when !hooks.ContainsKey(hookId):
                await Answer(context, 404, new JsonObject { ["message"] = "Not Found" });
                break;
            case ("GET", { } hookId):
                await Answer(context, 200, hooks[hookId]);
                break;
            case ("PATCH", { } hookId):
                hooks[hookId] = Hook(hookId, owner, body!, hooks[hookId]);
                await Answer(context, 200, hooks[hookId]);
                break;
            case ("DELETE", { } hookId):
                hooks.TryRemove(hookId, out _);
                context.Response.StatusCode = 204;
                break;
            default:
                await Answer(context, 404, new JsonObject { ["message"] = "Not Found" });
                break;
        }
    }

    private JsonObject Hook(long id, string owner, JsonObject request, JsonObject? previous) => new()
    {
        ["id"] = id,
        ["type"] = owner.StartsWith("orgs/", StringComparison.Ordinal) ? "Organization" : "Repository",
        ["name"] = "web",
        ["active"] = request["active"]?.DeepClone() ?? previous?["active"]?.DeepClone() ?? true,
        ["events"] = request["events"]?.DeepClone() ?? previous?["events"]?.DeepClone() ?? new JsonArray("push"),
        // The double keeps the secret so tests can check it; GitHub answers it masked.
        ["config"] = request["config"]?.DeepClone() ?? previous?["config"]?.DeepClone(),
        ["url"] = $"{Url}api/v3/{owner}/hooks/{id}",
        ["test_url"] = $"{Url}api/v3/{owner}/hooks/{id}/test",
        ["ping_url"] = $"{Url}api/v3/{owner}/hooks/{id}/pings",
        ["created_at"] = "2026-01-01T00:00:00Z",
        ["updated_at"] = "2026-01-01T00:00:00Z",
    };

    private static async Task Answer(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
