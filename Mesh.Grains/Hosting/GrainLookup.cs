namespace Mesh.Grains.Hosting;

/// <summary>
/// Grain references by string key without the cost Orleans' <c>GetGrain&lt;T&gt;(key)</c> pays on every
/// call: it resolves the interface to its grain type by reflection each time (~5% of an ingress
/// request, a quarter of a restart's reconcile). The types are learnt from the first reference made
/// the usual way; later ones are built from the grain id directly.
/// </summary>
public static class GrainLookup
{
    public static T Get<T>(this IGrainFactory grains, string key) where T : IGrainWithStringKey
    {
        if (Types<T>.Known is var (grainType, interfaceType))
            return (T)grains.GetGrain(GrainId.Create(grainType, key), interfaceType);
        var reference = grains.GetGrain<T>(key);
        var made = (GrainReference)(object)reference;
        Types<T>.Known = (made.GrainId.Type, made.InterfaceType);
        return reference;
    }

    // One per interface, written once: every silo in the process maps an interface to the same types.
    private static class Types<T>
    {
        public static (GrainType, GrainInterfaceType)? Known;
    }
}
