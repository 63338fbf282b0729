using Mesh.Operator.Kinds;
using Mesh.Operator.Store;

namespace Mesh.Operator.Controller;

/// <summary>Reconciles every stored declaration, as at start-up, kinds in registration order (the targets of references first).</summary>
public sealed class Resync(KindRegistry kinds, DeclarationStore store, ReconcileLoop loop)
{
    public Task ResyncAllAsync(CancellationToken cancellation) => loop.ExclusiveAsync(async () =>
    {
        foreach (var kind in kinds.All)
            foreach (var declaration in await store.ListAsync(kind.Kind))
                await loop.ReconcileOneAsync(declaration, cancellation);
        return true;
    }, cancellation);
}
