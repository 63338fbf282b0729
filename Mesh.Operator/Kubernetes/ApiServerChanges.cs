using System.Security.Cryptography;
using System.Text;
using Mesh.Grains.Events;
using Mesh.Grains.Sources.ApiServer;
using Mesh.Operator.Kinds.ApiServerSource;

namespace Mesh.Operator.Kubernetes;

/// <summary>
/// What one watched kind of an ApiServerSource feeds: each add, update and delete becomes Knative's
/// CloudEvent (<c>dev.knative.apiserver.resource.*</c> with the object, or <c>…ref.*</c> with a
/// reference to it) handed to the source's grain. A relist (the first, or after a 410) is compared
/// with what was known, so that what changed while the watch was down is sent once.
/// </summary>
public sealed class ApiServerChanges(ApiServerWatchPlan plan, WatchedResource resource, IApiServerSourceGrain grain, string serverUrl, TimeProvider time) : IWatchHandler
{
    private const string ResourcePrefix = "dev.knative.apiserver.resource.";
    private const string ReferencePrefix = "dev.knative.apiserver.ref.";

    // The objects sent so far, by name: a delete after a relist needs the object it deletes.
    private readonly Dictionary<string, JsonObject> _known = new(StringComparer.Ordinal);

    public static IEnumerable<string> TypesFor(string mode)
    {
        var prefix = mode == ApiServerSourceDeclaration.ResourceMode ? ResourcePrefix : ReferencePrefix;
        return new[] { "add", "update", "delete" }.Select(change => prefix + change);
    }

    public async Task ResyncAsync(IReadOnlyList<JsonObject> items, CancellationToken cancellation)
    {
        var listed = items.Where(Wanted).ToDictionary(NameOf, StringComparer.Ordinal);
        foreach (var (name, obj) in listed)
            if (!_known.TryGetValue(name, out var before)) await SendAsync("add", obj);
            else if (VersionOf(before) != VersionOf(obj)) await SendAsync("update", obj);
        foreach (var (name, gone) in _known.Where(k => !listed.ContainsKey(k.Key)).ToList())
            await SendAsync("delete", gone);
        _known.Clear();
        foreach (var (name, obj) in listed) _known[name] = obj;
    }

    public async Task UpsertAsync(JsonObject obj, CancellationToken cancellation)
    {
        var name = NameOf(obj);
        if (!Wanted(obj))
        {
            // No longer owned as the filter asks: to the sink it is gone.
            if (_known.Remove(name, out var before)) await SendAsync("delete", before);
            return;
        }
        await SendAsync(_known.ContainsKey(name) ? "update" : "add", obj);
        _known[name] = obj;
    }

    public async Task DeletedAsync(JsonObject obj, CancellationToken cancellation)
    {
        if (!_known.Remove(NameOf(obj)) && !Wanted(obj)) return;
        await SendAsync("delete", obj);
    }

    private bool Wanted(JsonObject obj) => plan.Owner is not { } owner || owner.Owns(obj);

    private async Task SendAsync(string change, JsonObject obj)
    {
        obj["apiVersion"] ??= resource.Kind.ApiVersion;
        obj["kind"] ??= resource.Kind.Kind;
        var whole = plan.Mode == ApiServerSourceDeclaration.ResourceMode;
        var type = (whole ? ResourcePrefix : ReferencePrefix) + change;
        var data = whole ? obj : new JsonObject
        {
            ["apiVersion"] = obj["apiVersion"]!.DeepClone(),
            ["kind"] = obj["kind"]!.DeepClone(),
            ["name"] = obj["metadata"]?["name"]?.DeepClone(),
            ["namespace"] = obj["metadata"]?["namespace"]?.DeepClone(),
        };
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [CloudEventNames.SpecVersion] = "1.0",
            [CloudEventNames.Id] = IdOf(type, obj),
            [CloudEventNames.Type] = type,
            [CloudEventNames.Source] = serverUrl,
            [CloudEventNames.Subject] = SubjectOf(obj),
            [CloudEventNames.Time] = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture),
            [CloudEventNames.DataContentType] = "application/json",
        };
        // Not taken (the sink went away meanwhile): the reconcile that follows stops this watch.
        await grain.Receive(new EventEnvelope(attributes, Encoding.UTF8.GetBytes(data.ToJsonString())));
    }

    /// <summary>Knative's subject: the object's path, <c>/apis/{apiVersion}/namespaces/{ns}/{plural}/{name}</c> (core kinds too, as <c>/apis/v1/…</c>).</summary>
    private string SubjectOf(JsonObject obj) =>
        $"/apis/{resource.Kind.ApiVersion}/namespaces/{obj["metadata"]?["namespace"]}/{resource.Kind.Plural}/{obj["metadata"]?["name"]}";

    /// <summary>
    /// Derived from the source, the object and its resourceVersion, so that a change handed over
    /// twice (the watch resumed from before it) is recognisably one event.
    /// </summary>
    private string IdOf(string type, JsonObject obj)
    {
        var uid = (string?)obj["metadata"]?["uid"] ?? NameOf(obj);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{plan.Source}|{type}|{uid}|{VersionOf(obj)}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }

    private static string NameOf(JsonObject obj) => (string?)obj["metadata"]?["name"] ?? "";

    private static string? VersionOf(JsonObject obj) => (string?)obj["metadata"]?["resourceVersion"];
}
