namespace Mesh.Grains.Sources.ApiServer;

[GenerateSerializer, Alias("mesh.apiserversource-state")]
public sealed class ApiServerSourceState
{
    [Id(0)] public ApiServerSourceSpec? Spec { get; set; }
}
