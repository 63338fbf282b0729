namespace Mesh.Grains.Sources.Ping;

[GenerateSerializer, Alias("mesh.pingsource-state")]
public sealed class PingSourceState
{
    [Id(0)] public PingSourceSpec? Spec { get; set; }

    /// <summary>The last tick emitted (written before the event is sent).</summary>
    [Id(1)] public DateTimeOffset? LastTick { get; set; }
}
