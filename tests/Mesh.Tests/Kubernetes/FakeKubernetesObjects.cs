namespace Mesh.Tests.Kubernetes;

/// <summary>
/// The state of the fake API server: objects of any group and plural as JSON, one resourceVersion
/// counter, the history of changes that watches replay, and a compaction point below which a
/// resourceVersion is gone (410).
/// </summary>
public sealed class FakeKubernetesObjects
{
    private readonly object _gate = new();
    private readonly Dictionary<(string Group, string Plural, string Namespace, string Name), JsonObject> _objects = [];
    private readonly List<Change> _history = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _version = 100;

    public sealed record Change(long Version, string Type, string Group, string Plural, JsonObject? Object);

    public long CompactedBelow { get; private set; }
    public long Version { get { lock (_gate) return _version; } }

    public JsonObject? Get(string group, string plural, string ns, string name)
    {
        lock (_gate) return _objects.TryGetValue((group, plural, ns, name), out var o) ? (JsonObject)o.DeepClone() : null;
    }

    public (List<JsonObject> Items, long Version) List(string group, string plural, string? ns)
    {
        lock (_gate)
            return ([.. _objects.Where(kv => kv.Key.Group == group && kv.Key.Plural == plural && (ns is null || kv.Key.Namespace == ns))
                .OrderBy(kv => kv.Key.Name).Select(kv => (JsonObject)kv.Value.DeepClone())], _version);
    }

    /// <returns>The created object, or null when it exists already.</returns>
    public JsonObject? Create(string group, string plural, JsonObject obj)
    {
        lock (_gate)
        {
            var key = KeyOf(group, plural, obj);
            if (_objects.ContainsKey(key)) return null;
            var metadata = obj["metadata"]!.AsObject();
            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["generation"] = 1L;
            metadata["creationTimestamp"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");
            return Record("ADDED", group, plural, key, obj);
        }
    }

    /// <returns>The stored object and an HTTP status: 200, 404 missing, 409 stale resourceVersion.</returns>
    public (JsonObject? Object, int Status) Replace(string group, string plural, JsonObject obj, bool statusOnly)
    {
        lock (_gate)
        {
            var key = KeyOf(group, plural, obj);
            if (!_objects.TryGetValue(key, out var current)) return (null, 404);
            if ((string?)obj["metadata"]?["resourceVersion"] is { } rv && rv != (string?)current["metadata"]!["resourceVersion"]) return (null, 409);
            var next = (JsonObject)current.DeepClone();
            if (statusOnly) next["status"] = obj["status"]?.DeepClone();
            else
            {
                if (!JsonNode.DeepEquals(current["spec"], obj["spec"]))
                    next["metadata"]!["generation"] = current["metadata"]!["generation"]!.GetValue<long>() + 1;
                // Every top-level field but metadata and status is the body's: spec, or a Secret's data.
                foreach (var field in current.Select(f => f.Key).Concat(obj.Select(f => f.Key)).Distinct().ToList())
                {
                    if (field is "metadata" or "status") continue;
                    if (obj[field] is { } value) next[field] = value.DeepClone();
                    else next.Remove(field);
                }
                foreach (var field in new[] { "labels", "annotations", "finalizers" })
                    next["metadata"]![field] = obj["metadata"]?[field]?.DeepClone();
            }
            if (next["metadata"]!["deletionTimestamp"] is not null && (next["metadata"]!["finalizers"] as JsonArray ?? []).Count == 0)
                return (Remove(group, plural, key, next), 200);
            return (Record("MODIFIED", group, plural, key, next), 200);
        }
    }

    /// <summary>Deletes at once, or with finalizers marks the object deleted and waits for them.</summary>
    public JsonObject? Delete(string group, string plural, string ns, string name)
    {
        lock (_gate)
        {
            var key = (group, plural, ns, name);
            if (!_objects.TryGetValue(key, out var current)) return null;
            if ((current["metadata"]!["finalizers"] as JsonArray ?? []).Count == 0) return Remove(group, plural, key, current);
            var next = (JsonObject)current.DeepClone();
            next["metadata"]!["deletionTimestamp"] ??= DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");
            return Record("MODIFIED", group, plural, key, next);
        }
    }

    /// <summary>Forgets history: a watch resuming from before now gets 410 Gone.</summary>
    public void Compact()
    {
        lock (_gate)
        {
            CompactedBelow = _version + 1;
            _history.Clear();
        }
    }

    /// <summary>A BOOKMARK for every open watch, at the current resourceVersion.</summary>
    public void Bookmark()
    {
        lock (_gate)
        {
            _version++;
            _history.Add(new Change(_version, "BOOKMARK", "", "", null));
            Signal();
        }
    }

    /// <summary>Changes after <paramref name="since"/> for one plural, and a task that completes at the next change.</summary>
    public (List<Change> Changes, Task Next) ChangesAfter(long since, string group, string plural)
    {
        lock (_gate)
            return ([.. _history.Where(c => c.Version > since && (c.Type == "BOOKMARK" || (c.Group == group && c.Plural == plural)))], _changed.Task);
    }

    private JsonObject Record(string type, string group, string plural, (string, string, string, string) key, JsonObject obj)
    {
        _version++;
        obj["metadata"]!["resourceVersion"] = _version.ToString();
        _objects[key] = obj;
        _history.Add(new Change(_version, type, group, plural, (JsonObject)obj.DeepClone()));
        Signal();
        return (JsonObject)obj.DeepClone();
    }

    private JsonObject Remove(string group, string plural, (string, string, string, string) key, JsonObject obj)
    {
        _objects.Remove(key);
        _version++;
        obj["metadata"]!["resourceVersion"] = _version.ToString();
        _history.Add(new Change(_version, "DELETED", group, plural, (JsonObject)obj.DeepClone()));
        Signal();
        return obj;
    }

    private void Signal()
    {
        var previous = _changed;
        _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        previous.TrySetResult();
    }

    private static (string, string, string, string) KeyOf(string group, string plural, JsonObject obj) =>
        (group, plural, (string?)obj["metadata"]?["namespace"] ?? "default", (string)obj["metadata"]!["name"]!);
}
