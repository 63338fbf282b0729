namespace Mesh.Grains.Telemetry;

/// <summary>
/// The names and fixed attributes of one dispatcher's spans, made once per trigger, subscription or
/// source instead of once per attempt (an attempt's span is on every event's path).
/// </summary>
internal sealed class DeliverySpanNames(DeliveryScope scope)
{
    private AddressUrl? _last;

    public string Deliver { get; } = $"deliver {scope.Namespace}/{scope.Name}";
    public string Reply { get; } = $"reply {scope.Namespace}/{scope.Name}";
    public string DeadLetter { get; } = $"dead-letter {scope.Namespace}/{scope.Name}";

    /// <summary><c>mesh.trigger</c>, <c>mesh.subscription</c> or <c>mesh.source</c>.</summary>
    public string OwnerTag { get; } = $"mesh.{scope.Kind}";

    /// <summary>The owner's <c>{namespace}/{name}</c>.</summary>
    public string Owner { get; } = $"{scope.Namespace}/{scope.Name}";

    /// <summary>
    /// <c>url.full</c> without the query (which may carry credentials); a dispatcher sends nearly
    /// always to the same subscriber, so the last one is kept.
    /// </summary>
    public string UrlOf(Uri address)
    {
        if (Volatile.Read(ref _last) is { } last && ReferenceEquals(last.Address, address)) return last.Url;
        var made = new AddressUrl(address, address.GetLeftPart(UriPartial.Path));
        Volatile.Write(ref _last, made);
        return made.Url;
    }

    private sealed record AddressUrl(Uri Address, string Url);
}
