namespace Mesh.Grains.Events;

/// <summary>The hop budget a broker gives an event that arrives without <c>knativebrokerttl</c>.</summary>
public static class BrokerTtl
{
    public const int Default = 255;
    public const string DefaultText = "255";
}
