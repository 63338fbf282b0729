using Microsoft.Extensions.Configuration;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Mesh.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.Tests.Infrastructure;

/// <summary>
/// The real mesh (silo, gateway, operator) in this process, on Kestrel at an ephemeral loopback port,
/// with its data in a directory of its own. Restartable on the same data directory.
/// </summary>
public sealed class MeshHost : IAsyncDisposable
{
    private WebApplication? _app;
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    private MeshHost(string dataDirectory, IDictionary<string, string?>? settings, Action<IServiceCollection>? services = null)
    {
        _services = services;
        DataDirectory = dataDirectory;
        _settings = new(settings ?? new Dictionary<string, string?>())
        {
            ["Mesh:DataDirectory"] = dataDirectory,
            ["Mesh:Dashboard"] = _settingsValue(settings, "Mesh:Dashboard") ?? "false",
        };
    }

    public string DataDirectory { get; }
    public Uri BaseAddress { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public IServiceProvider Services => _app!.Services;

    /// <param name="services">Extra registrations after the mesh's own (test doubles, test-only kinds).</param>
    public static async Task<MeshHost> StartAsync(IDictionary<string, string?>? settings = null, string? dataDirectory = null, Action<IServiceCollection>? services = null)
    {
        var host = new MeshHost(dataDirectory ?? Directory.CreateTempSubdirectory("mesh-test-").FullName, settings, services);
        await host.StartAppAsync();
        return host;
    }

    /// <summary>Stops the process's mesh and starts a new one on the same data directory.</summary>
    public async Task RestartAsync()
    {
        await StopAppAsync();
        await StartAppAsync();
    }

    /// <summary>Stops the mesh as a host shutdown would; <see cref="StartAgainAsync"/> brings it back on the same data.</summary>
    public Task StopAsync() => StopAppAsync();

    public Task StartAgainAsync() => StartAppAsync();

    private async Task StartAppAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Test" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(_settings)
        {
            ["Mesh:SiloPort"] = FreePort.Next().ToString(),
            ["Mesh:GatewayPort"] = FreePort.Next().ToString(),
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddMesh();
        _services?.Invoke(builder.Services);
        _app = builder.Build();
        _app.MapMesh();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        await Eventually.TrueAsync(async () => (await Http.GetAsync("/readyz")).IsSuccessStatusCode, "the mesh to report ready");
    }

    private async Task StopAppAsync()
    {
        if (_app is null) return;
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    /// <summary>Applies one object through the resource API and returns the answer.</summary>
    public async Task<HttpResponseMessage> ApplyAsync(string yaml)
    {
        var doc = Mesh.Operator.Resources.YamlDocuments.Parse(yaml)[0]!.AsObject();
        var (group, version) = SplitApiVersion((string)doc["apiVersion"]!);
        var ns = (string?)doc["metadata"]?["namespace"] ?? "default";
        var plural = ((string)doc["kind"]!).ToLowerInvariant() + "s";
        var prefix = group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";
        var content = new StringContent(yaml, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
        return await Http.PutAsync($"{prefix}/namespaces/{ns}/{plural}/{doc["metadata"]!["name"]}", content);
    }

    /// <summary>Applies and fails the test when the mesh refuses.</summary>
    public async Task<JsonObject> MustApplyAsync(string yaml)
    {
        var response = await ApplyAsync(yaml);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"apply failed with {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public async Task<JsonObject?> GetAsync(string path)
    {
        var response = await Http.GetAsync(path);
        return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject() : null;
    }

    /// <summary>Waits until the object's Ready condition has the given status.</summary>
    public async Task<JsonObject> WaitReadyAsync(string path, string status = "True")
    {
        JsonObject? last = null;
        await Eventually.TrueAsync(async () =>
        {
            last = await GetAsync(path);
            return ReadyStatus(last) == status;
        }, $"{path} to have Ready={status}", () => last?.ToJsonString() ?? "(missing)");
        return last!;
    }

    public static string? ReadyStatus(JsonObject? obj) =>
        (obj?["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(c => (string?)c["type"] == "Ready")?["status"]?.GetValue<string>();

    public async ValueTask DisposeAsync()
    {
        await StopAppAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static (string Group, string Version) SplitApiVersion(string apiVersion) =>
        apiVersion.Contains('/') ? (apiVersion[..apiVersion.IndexOf('/')], apiVersion[(apiVersion.IndexOf('/') + 1)..]) : ("", apiVersion);

    private static string? _settingsValue(IDictionary<string, string?>? settings, string key) =>
        settings is not null && settings.TryGetValue(key, out var v) ? v : null;
}
