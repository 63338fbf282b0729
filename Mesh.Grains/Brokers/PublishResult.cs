namespace Mesh.Grains.Brokers;

/// <summary>How an ingress answers an event offered to it.</summary>
[GenerateSerializer, Alias("mesh.publish-result")]
public enum PublishResult
{
    Accepted = 0,
    NotFound = 1,
    NotReady = 2,
    /// <summary>The sender is not allowed to send these events (EventPolicy or the default authorization mode).</summary>
    Forbidden = 3,
}
