using Mesh.Operator.Resources;

namespace Mesh.Operator.Addressing;

/// <summary>Core <c>v1 Service</c>: not served by the mesh, addressable by its cluster DNS name; there is nothing to look up.</summary>
public sealed class ServiceAddressables : IAddressables
{
    public Task<Resolution?> AddressOfAsync(KReference reference, string @namespace) =>
        Task.FromResult(IsService(reference) ? new Resolution(new Uri($"http://{reference.Name}.{@namespace}.svc.cluster.local")) : null);

    public ObjectKey? KeyOf(KReference reference, string @namespace) => null;

    private static bool IsService(KReference reference) => reference.ApiVersion == "v1" && reference.Kind == "Service";
}
