using Mesh.Operator.Conditions;
using Mesh.Operator.Delivery;
using Mesh.Operator.Sources;

namespace Mesh.Operator.Kinds.ApiServerSource;

/// <summary>
/// An ApiServerSource is Ready once its sink resolves, its ServiceAccount may get, list and watch
/// every kind it names (<c>SufficientPermissions</c>), and the mesh watches them (<c>Deployed</c>,
/// Knative's name for its adapter running).
/// </summary>
public sealed class ApiServerSourceConditions(JsonObject previousStatus, TimeProvider time) : SourceConditions(Set, previousStatus, time)
{
    private const string Permissions = "SufficientPermissions";
    private const string Deployed = "Deployed";

    public static ConditionSet Set { get; } = new(SinkProvided, DeadLetterSink.Condition, Permissions, Deployed);

    public void MarkSufficientPermissions() => Conditions.MarkTrue(Permissions, Permissions);

    public void MarkInsufficientPermissions(string message) => Conditions.MarkFalse(Permissions, "InsufficientPermissions", message);

    public void MarkPermissionsUnchecked(string reason, string message) => Conditions.MarkUnknown(Permissions, reason, message);

    public void MarkWatching(string message) => Conditions.MarkTrue(Deployed, "Watching", message);

    public void MarkNotWatching(string reason, string message) => Conditions.MarkFalse(Deployed, reason, message);
}
