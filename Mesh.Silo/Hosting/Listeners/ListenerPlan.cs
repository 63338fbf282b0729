using Mesh.Operator.Auth.Access;
using Mesh.Operator.Kubernetes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Mesh.Silo.Hosting.Listeners;

/// <summary>
/// The ports the mesh listens on and what each serves: the main port (<c>--urls</c>, or Kestrel's
/// endpoints), the admin port for the pages that watch the mesh, and a port for metrics. Endpoints
/// are told apart by the local port a connection arrived on, never by the Host header.
/// </summary>
public sealed class ListenerPlan
{
    public const string DefaultKubernetesAdminUrl = "http://127.0.0.1:8081";

    private ListenerPlan(IReadOnlyList<ListenAddress> main, IReadOnlyList<ListenAddress> admin, IReadOnlyList<ListenAddress> metrics, bool servesResourceApi)
    {
        Main = main;
        Admin = admin;
        Metrics = metrics;
        ServesResourceApi = servesResourceApi;
    }

    public IReadOnlyList<ListenAddress> Main { get; }
    public IReadOnlyList<ListenAddress> Admin { get; }
    public IReadOnlyList<ListenAddress> Metrics { get; }

    /// <summary>Local mode serves the resource API on the main port; Kubernetes mode does not serve it.</summary>
    public bool ServesResourceApi { get; }

    /// <summary>Where the watcher pages (and sign-in) are served.</summary>
    public IReadOnlyList<ListenAddress> Watchers => Admin.Count > 0 ? Admin : Main;

    /// <exception cref="FormatException">A URL is not one Kestrel can listen on.</exception>
    public static ListenerPlan From(IConfiguration configuration)
    {
        var options = configuration.GetSection("Mesh").Get<MeshListenerOptions>() ?? new MeshListenerOptions();
        var kubernetes = Enum.TryParse<OperatorMode>(configuration[$"{OperatorModeOptions.Section}:Mode"], ignoreCase: true, out var mode)
            && mode == OperatorMode.Kubernetes;
        var adminUrls = options.AdminUrls ?? (kubernetes ? DefaultKubernetesAdminUrl : null);
        return new ListenerPlan(MainAddresses(configuration), ListenAddress.ParseList(adminUrls), ListenAddress.ParseList(options.Metrics.Urls), !kubernetes);
    }

    /// <summary>Ports that would make connections ambiguous: extra listeners need explicit ports of their own.</summary>
    public IEnumerable<string> Problems()
    {
        var mainPorts = Main.Select(a => a.Port).Where(p => p > 0).ToHashSet();
        foreach (var (key, addresses) in new[] { ("Mesh:AdminUrls", Admin), ("Mesh:Metrics:Urls", Metrics) })
            foreach (var address in addresses)
            {
                if (address.Port <= 0) yield return $"{key} must name an explicit port (was '{address.Url}').";
                else if (mainPorts.Contains(address.Port)) yield return $"{key} must use a port other than the main one (was '{address.Url}').";
            }
        if (Admin.Select(a => a.Port).Intersect(Metrics.Select(a => a.Port)).Any())
            yield return "Mesh:AdminUrls and Mesh:Metrics:Urls must use different ports.";
    }

    /// <summary>Makes Kestrel listen on the extra ports beside the main ones.</summary>
    public void Apply(IConfigurationManager configuration, IWebHostBuilder webHost)
    {
        var extra = Admin.Concat(Metrics).Select(a => a.Url).ToList();
        if (extra.Count == 0) return;
        if (configuration.GetSection("Kestrel:Endpoints").GetChildren().Any())
        {
            // Kestrel ignores --urls once endpoints are configured, so the extra ports join them.
            configuration.AddInMemoryCollection(extra.Select((url, i) => KeyValuePair.Create($"Kestrel:Endpoints:MeshExtra{i}:Url", (string?)url)));
            return;
        }
        webHost.UseUrls([.. Main.Select(a => a.Url), .. extra]);
    }

    public ListenerRole RoleOf(int localPort) =>
        Admin.Any(a => a.Port == localPort) ? ListenerRole.Admin
        : Metrics.Any(a => a.Port == localPort) ? ListenerRole.Metrics
        : ListenerRole.Main;

    /// <summary>Whether an endpoint is served on a connection that came in on <paramref name="role"/>.</summary>
    public bool Serves(ListenerRole role, Endpoint endpoint)
    {
        var scope = endpoint.Metadata.GetMetadata<ListenerScope>();
        if (scope?.EveryListener == true) return true;
        var watcherRole = Admin.Count > 0 ? ListenerRole.Admin : ListenerRole.Main;
        if (scope?.MetricsListener == true) return role == (Metrics.Count > 0 ? ListenerRole.Metrics : watcherRole);
        if (endpoint.Metadata.GetMetadata<MeshWatcherMetadata>() is not null) return role == watcherRole;
        return role == ListenerRole.Main;
    }

    private static IReadOnlyList<ListenAddress> MainAddresses(IConfiguration configuration)
    {
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>().ToList();
        if (endpoints.Count > 0) return [.. endpoints.Select(ListenAddress.Parse)];
        if (ListenAddress.ParseList(configuration[WebHostDefaults.ServerUrlsKey]) is { Count: > 0 } urls) return urls;
        var ports = new[] { ("http", configuration["HTTP_PORTS"]), ("https", configuration["HTTPS_PORTS"]) }
            .SelectMany(p => (p.Item2 ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(port => ListenAddress.Parse($"{p.Item1}://*:{port}")))
            .ToList();
        return ports.Count > 0 ? ports : [ListenAddress.Parse("http://localhost:5000")];
    }
}
