namespace Mesh.Grains.Egress;

/// <summary>A request the egress policy refused when it connected; the message names the address and the setting.</summary>
public sealed class EgressForbiddenException(string message) : Exception(message);
