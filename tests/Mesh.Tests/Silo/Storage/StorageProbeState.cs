namespace Mesh.Tests.Silo.Storage;

[GenerateSerializer, Alias("mesh.tests.storage-probe-state")]
public sealed class StorageProbeState
{
    [Id(0)] public string? Value { get; set; }
}
