using Mesh.Operator.Resources;

namespace Mesh.Operator.Controller;

/// <summary>
/// Which objects refer to which: a trigger to its broker, a subscription to its channel, anything to
/// the destinations it resolves. When an object changes, its dependants are reconciled again, so
/// that apply order never matters. Kept in this process (see docs/cluster.md).
/// </summary>
internal sealed class DependantsIndex
{
    private readonly Dictionary<ObjectKey, HashSet<ObjectKey>> _dependants = [];

    /// <summary>Records what <paramref name="dependant"/> refers to now, replacing what it referred to before.</summary>
    public void Track(ObjectKey dependant, IEnumerable<ObjectKey> targets)
    {
        lock (_dependants)
        {
            foreach (var set in _dependants.Values) set.Remove(dependant);
            foreach (var target in targets)
            {
                if (!_dependants.TryGetValue(target, out var set)) _dependants[target] = set = [];
                set.Add(dependant);
            }
        }
    }

    /// <summary>The objects that refer to <paramref name="target"/>.</summary>
    public ObjectKey[] Of(ObjectKey target)
    {
        lock (_dependants) return _dependants.TryGetValue(target, out var set) ? [.. set] : [];
    }
}
