namespace Mesh.Gateway.Tail;

/// <summary>Says whether a tailed object is declared; the composition root answers it from the declarations.</summary>
public interface ITailTargets
{
    /// <param name="plural"><c>brokers</c>, <c>channels</c>, <c>triggers</c> or <c>subscriptions</c>.</param>
    Task<bool> ExistsAsync(string plural, string @namespace, string name, CancellationToken cancellationToken);
}
