using Mesh.Grains.Delivery;
using Mesh.Grains.Egress;
using Mesh.Grains.Identity;
using Mesh.Grains.Secrets;
using Mesh.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Mesh.Grains.Hosting;

public static class MeshGrainsServiceCollectionExtensions
{
    /// <summary>
    /// Registers what the mesh's grains need besides Orleans itself: the outbound HTTP client,
    /// delivery settings (<c>Mesh:Delivery</c>), the egress policy (<c>Mesh:Egress</c>), the mesh's
    /// token issuer (<c>Mesh:Auth</c>), secret protection, metrics and the clock.
    /// </summary>
    public static IServiceCollection AddMeshGrains(this IServiceCollection services)
    {
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidator>();
        services.AddOptions<Senders.SenderAuthOptions>().BindConfiguration(Senders.SenderAuthOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Senders.SenderAuthOptions>, Senders.SenderAuthOptionsValidator>();
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
        services.AddOptions<EgressOptions>().BindConfiguration(EgressOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EgressOptions>, EgressOptionsValidator>();
        services.TryAddSingleton<EgressPolicy>();
        services.TryAddSingleton<IHostResolver, SystemHostResolver>();
        services.TryAddSingleton<EgressConnector>();
        services.TryAddSingleton<OutboundHttp>();
        services.AddDataProtection();
        services.TryAddSingleton<SecretProtector>();
        services.AddOptions<IssuerOptions>().BindConfiguration(IssuerOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IssuerOptions>, IssuerOptionsValidator>();
        services.TryAddSingleton<ISigningKeyStore, MemorySigningKeyStore>();
        services.TryAddSingleton<MeshIssuer>();
        services.TryAddSingleton<DeliveryTokens>();
        services.TryAddSingleton(sp => new EventSender(sp.GetRequiredService<OutboundHttp>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<DeliveryTokens>()));
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
}
