namespace Mesh.Operator.Resources;

/// <summary>
/// Builds Knative-style status conditions, keeping each condition's <c>lastTransitionTime</c> when
/// its status did not change, so that re-applying the same object changes nothing.
/// </summary>
public sealed class Conditions(JsonObject previousStatus, TimeProvider time)
{
    private readonly List<JsonObject> _conditions = [];

    /// <summary>Whether an object's status says Ready=True.</summary>
    public static bool IsReady(Declaration? declaration) => ReadyCondition(declaration)?["status"]?.GetValue<string>() == "True";

    /// <summary>The object's Ready condition, if it has one.</summary>
    public static JsonObject? ReadyCondition(Declaration? declaration) =>
        (declaration?.Status["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "Ready");

    public bool AllTrue => _conditions.All(c => (string?)c["status"] == "True");

    public Conditions Set(string type, bool? ok, string? reason = null, string? message = null)
    {
        var status = ok switch { true => "True", false => "False", null => "Unknown" };
        var previous = (previousStatus["conditions"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(c => (string?)c["type"] == type);
        var since = previous is not null && (string?)previous["status"] == status
            ? (string?)previous["lastTransitionTime"]
            : null;
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["lastTransitionTime"] = since ?? time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ"),
        };
        if (reason is not null) condition["reason"] = reason;
        if (message is not null) condition["message"] = message;
        _conditions.RemoveAll(c => (string?)c["type"] == type);
        _conditions.Add(condition);
        return this;
    }

    /// <summary>Adds <c>Ready</c>: true when every other condition is, else carrying the first failure's reason.</summary>
    public JsonArray WithReady()
    {
        var failing = _conditions.FirstOrDefault(c => (string?)c["status"] != "True");
        if (failing is null) Set("Ready", true);
        else Set("Ready", (string?)failing["status"] == "False" ? false : null, (string?)failing["reason"], (string?)failing["message"]);
        var ready = _conditions.Single(c => (string?)c["type"] == "Ready");
        return [ready, .. _conditions.Where(c => c != ready).OrderBy(c => (string?)c["type"], StringComparer.Ordinal)];
    }
}
