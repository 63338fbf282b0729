namespace Mesh.Tests.Kubernetes;

/// <summary>The tests that share the one real API server; they run one at a time, as some restart it.</summary>
[CollectionDefinition(Name)]
public sealed class KubernetesCollection : ICollectionFixture<KubernetesApiServer>
{
    public const string Name = "Kubernetes API server";
}
