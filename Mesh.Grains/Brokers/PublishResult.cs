namespace Mesh.Grains.Brokers;

/// <summary>How an ingress answers an event offered to it.</summary>
[GenerateSerializer, Alias("mesh.publish-result")]
public enum PublishResult
{
    Accepted = 0,
    NotFound = 1,
    NotReady = 2,
}
