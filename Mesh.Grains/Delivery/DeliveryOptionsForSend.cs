namespace Mesh.Grains.Delivery;

/// <summary>Per-request settings of one HTTP attempt.</summary>
public sealed record DeliveryOptionsForSend(EventFormat Format, TimeSpan? Timeout, IReadOnlyList<KeyValuePair<string, string>> Headers);
