namespace Mesh.Grains.Delivery;

/// <summary>Per-request settings of one HTTP attempt.</summary>
/// <param name="PreferReply">Whether to send <c>Prefer: reply</c>: only to subscribers, whose answer may be a reply.</param>
public sealed record DeliveryOptionsForSend(EventFormat Format, TimeSpan? Timeout, IReadOnlyList<KeyValuePair<string, string>> Headers, bool PreferReply = false);
