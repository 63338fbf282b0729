using Mesh.Grains.Delivery;
using Mesh.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Mesh.Grains.Hosting;

public static class MeshGrainsServiceCollectionExtensions
{
    /// <summary>
    /// Registers what the mesh's grains need besides Orleans itself: the outbound HTTP client,
    /// delivery settings (<c>Mesh:Delivery</c>), metrics and the clock.
    /// </summary>
    public static IServiceCollection AddMeshGrains(this IServiceCollection services)
    {
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();
        services.TryAddSingleton<Tail.TapBoard>();
        services.TryAddSingleton<Tail.TailPublisher>();
        services.TryAddSingleton(sp => new MeshMetrics(
            sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            sp.GetRequiredService<IOptions<TelemetryOptions>>().Value,
            sp.GetRequiredService<Tail.TapBoard>(),
            sp.GetRequiredService<Tail.TailPublisher>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new EventSender(CreateHttpClient(sp.GetRequiredService<IOptions<DeliveryOptions>>().Value), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<Durability.IEventJournal, Durability.MemoryOnlyJournal>();
        services.AddOptions<Durability.JournalOptions>().BindConfiguration(Durability.JournalOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Durability.JournalOptions>, Durability.JournalOptionsValidator>();
        services.AddSingleton<Durability.JournalRecovery>();
        services.AddSingleton<Orleans.ILifecycleParticipant<Orleans.Runtime.ISiloLifecycle>>(sp => sp.GetRequiredService<Durability.JournalRecovery>());
        services.TryAddSingleton<DeliveryServices>();
        services.AddSingleton<SiloTelemetryAgent>();
        services.AddSingleton<Orleans.ILifecycleParticipant<Orleans.Runtime.ISiloLifecycle>>(sp => sp.GetRequiredService<SiloTelemetryAgent>());
        return services;
    }

    private static HttpClient CreateHttpClient(DeliveryOptions options) => new(new SocketsHttpHandler
    {
        // Subscribers come and go behind stable names; recycle connections so DNS changes are seen.
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        MaxConnectionsPerServer = options.MaxConnectionsPerServer,
        AllowAutoRedirect = false,
        UseCookies = false,
    })
    {
        // Per-attempt timeouts come from each trigger's delivery.timeout.
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
