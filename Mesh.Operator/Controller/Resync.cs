using Mesh.Operator.Kinds;
using Mesh.Operator.Store;

namespace Mesh.Operator.Controller;

/// <summary>Reconciles every stored declaration, as at start-up, kinds in registration order (the targets of references first).</summary>
public sealed class Resync(KindRegistry kinds, DeclarationStore store, ReconcileLoop loop)
{
    // Leaves reconciled at once: enough to overlap their storage reads, few enough to leave the
    // silo room for the events it may already be taking.
    private const int LeafParallelism = 8;

    public Task ResyncAllAsync(CancellationToken cancellation) => loop.ExclusiveAsync(async () =>
    {
        foreach (var kind in kinds.All)
        {
            if (kind.IsLeaf)
            {
                // Leaves neither read nor change each other: reconciled side by side, as their applies
                // are, each read only when its turn comes. Reading 10,000 at once queued 10,000
                // activations behind one another until the last ones' reads timed out (30 s), and the
                // whole resync started over.
                var options = new ParallelOptions { MaxDegreeOfParallelism = LeafParallelism, CancellationToken = cancellation };
                await Parallel.ForEachAsync(await store.ListKeysAsync(kind.Kind), options, async (key, token) =>
                {
                    if (await store.GetAsync(key) is not { } declaration) return;
                    await loop.ReconcileOneAsync(declaration, token);
                    // As after their applies: thousands of declarations need not stay in memory.
                    await store.ReleaseAsync(key);
                });
                continue;
            }
            foreach (var declaration in await store.ListAsync(kind.Kind)) await loop.ReconcileOneAsync(declaration, cancellation);
        }
        return true;
    }, cancellation);
}
