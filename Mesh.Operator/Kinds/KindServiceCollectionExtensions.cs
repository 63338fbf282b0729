using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Operator.Kinds;

public static class KindServiceCollectionExtensions
{
    /// <summary>
    /// Serves a kind: its definition (as itself, for kinds that read others', and as an
    /// <see cref="IKindDefinition"/>), its reconciler, and whatever else <paramref name="also"/> adds.
    /// Kinds are resynced in the order they are added.
    /// </summary>
    public static IServiceCollection AddKind<TKind, TReconciler>(this IServiceCollection services, Action<IServiceCollection>? also = null)
        where TKind : class, IKindDefinition
        where TReconciler : class
    {
        services.AddSingleton<TReconciler>();
        services.AddSingleton<TKind>();
        services.AddSingleton<IKindDefinition>(sp => sp.GetRequiredService<TKind>());
        also?.Invoke(services);
        return services;
    }

    /// <summary>Serves a kind whose definition reconciles by itself (the RBAC kinds: nothing to drive).</summary>
    public static IServiceCollection AddKind<TKind>(this IServiceCollection services)
        where TKind : class, IKindDefinition
    {
        services.AddSingleton<TKind>();
        services.AddSingleton<IKindDefinition>(sp => sp.GetRequiredService<TKind>());
        return services;
    }
}
