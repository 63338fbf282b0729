namespace Mesh.Grains.Subscriptions;

/// <summary>A subscription, keyed <c>"{namespace}/{name}"</c>: takes every event off its channel's stream and delivers it.</summary>
[Alias("mesh.ISubscriptionGrain")]
public interface ISubscriptionGrain : IGrainWithStringKey
{
    [Alias("Configure")]
    Task Configure(SubscriptionSpec spec);

    [Alias("Remove")]
    Task Remove();

    [Alias("IsSubscribed")]
    Task<bool> IsSubscribed();
}
