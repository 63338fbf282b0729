using Microsoft.Extensions.Configuration;
using Mesh.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
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

    private readonly HttpMessageHandler? _handler;

    private MeshHost(string dataDirectory, IDictionary<string, string?>? settings, Action<IServiceCollection>? services = null, HttpMessageHandler? handler = null)
    {
        _services = services;
        _handler = handler;
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
    /// <param name="waitUntilReady">False to return once the host has started, for a test of what keeps it from being ready.</param>
    /// <param name="handler">The handler of <see cref="Http"/> (one that trusts a test CA, for a mesh serving HTTPS); kept across restarts.</param>
    public static async Task<MeshHost> StartAsync(IDictionary<string, string?>? settings = null, string? dataDirectory = null, Action<IServiceCollection>? services = null,
        bool waitUntilReady = true, HttpMessageHandler? handler = null)
    {
        var host = new MeshHost(dataDirectory ?? Directory.CreateTempSubdirectory("mesh-test-").FullName, settings, services, handler);
        try
        {
            await host.StartAppAsync(waitUntilReady);
        }
        catch
        {
            // A host that failed to start may have started some of its services: stop what can be
            // stopped, and let the caller see why the start failed rather than why the stop did.
            try { await host.DisposeAsync(); } catch (Exception) { }
            throw;
        }
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

    private async Task StartAppAsync(bool waitUntilReady = true)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartAppOnFreshPortsAsync(waitUntilReady);
                return;
            }
            catch (AddressInUseException) when (attempt < 3)
            {
                // FreePort's ports are free when chosen, not when the silo binds them: a host started
                // in parallel (or another process) may take one in between. Once more on fresh ones.
                try { await _app!.DisposeAsync(); } catch (Exception) { }
                _app = null;
            }
        }
    }

    private async Task StartAppOnFreshPortsAsync(bool waitUntilReady)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Test", Args = TestHostArguments.NoConfigReload });
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
        // A mesh bound to every address is still reached on loopback.
        BaseAddress = new Uri(address.Replace("://0.0.0.0:", "://127.0.0.1:").Replace("://[::]:", "://127.0.0.1:"));
        Http = _handler is null ? new HttpClient() : new HttpClient(_handler, disposeHandler: false);
        Http.BaseAddress = BaseAddress;
        Http.Timeout = TimeSpan.FromSeconds(30);
        if (waitUntilReady) await Eventually.TrueAsync(async () => (await Http.GetAsync("/readyz")).IsSuccessStatusCode, "the mesh to report ready");
    }

    private async Task StopAppAsync()
    {
        if (_app is null) return;
        // Null when the host failed to start.
        Http?.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    /// <summary>Applies one object through the resource API and returns the answer.</summary>
    public Task<HttpResponseMessage> ApplyAsync(string yaml) => ResourceApi.ApplyAsync(Http, yaml);

    /// <summary>Applies and fails the test when the mesh refuses.</summary>
    public Task<JsonObject> MustApplyAsync(string yaml) => ResourceApi.MustApplyAsync(Http, yaml);

    public Task<JsonObject?> GetAsync(string path) => ResourceApi.GetAsync(Http, path);

    /// <summary>Waits until the object's Ready condition has the given status.</summary>
    public Task<JsonObject> WaitReadyAsync(string path, string status = "True") => ResourceApi.WaitReadyAsync(Http, path, status);

    public static string? ReadyStatus(JsonObject? obj) => ResourceApi.ReadyStatus(obj);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAppAsync();
        }
        finally
        {
            // Also when the stop throws, as it does for a host that never started.
            try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static string? _settingsValue(IDictionary<string, string?>? settings, string key) =>
        settings is not null && settings.TryGetValue(key, out var v) ? v : null;
}
