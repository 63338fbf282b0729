namespace Mesh.Grains.Triggers;

[GenerateSerializer, Alias("mesh.trigger-state")]
public sealed class TriggerState
{
    [Id(0)] public TriggerSpec? Spec { get; set; }
}
