namespace Mesh.Grains.Subscriptions;

[GenerateSerializer, Alias("mesh.subscription-state")]
public sealed class SubscriptionState
{
    [Id(0)] public SubscriptionSpec? Spec { get; set; }
}
