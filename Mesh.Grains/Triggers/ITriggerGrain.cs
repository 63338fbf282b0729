namespace Mesh.Grains.Triggers;

/// <summary>A trigger, keyed <c>"{namespace}/{name}"</c>: takes matching events off its broker's stream and delivers them.</summary>
[Alias("mesh.ITriggerGrain")]
public interface ITriggerGrain : IGrainWithStringKey
{
    /// <summary>Applies the trigger's spec; an inactive trigger unsubscribes from its broker.</summary>
    [Alias("Configure")]
    Task Configure(TriggerSpec spec);

    /// <summary>Unsubscribes and forgets the trigger.</summary>
    [Alias("Remove")]
    Task Remove();

    /// <summary>Whether the trigger is subscribed to its broker's stream.</summary>
    [Alias("IsSubscribed")]
    Task<bool> IsSubscribed();
}
