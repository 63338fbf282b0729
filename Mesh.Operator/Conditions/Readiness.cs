using Mesh.Operator.Resources;

namespace Mesh.Operator.Conditions;

/// <summary>Reads another object's readiness from its stored status (a trigger its broker's, a sequence its channels').</summary>
public static class Readiness
{
    /// <summary>Whether an object's status says Ready=True.</summary>
    public static bool IsReady(Declaration? declaration) => FieldReader.TextOf(ReadyCondition(declaration)?["status"]) == nameof(ConditionStatus.True);

    /// <summary>The object's Ready condition, if it has one.</summary>
    public static JsonObject? ReadyCondition(Declaration? declaration) => declaration is null ? null : Condition(declaration.Status, ConditionSet.Ready);

    /// <summary>A condition of a status, if it has one.</summary>
    public static JsonObject? Condition(JsonObject status, string type) =>
        (status["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => FieldReader.TextOf(c["type"]) == type);

    /// <summary>The readiness summary a composite reports for one owned object: <c>{status, message}</c>.</summary>
    public static JsonObject Summary(Declaration? owned) => new()
    {
        ["status"] = ReadyCondition(owned)?["status"]?.DeepClone() ?? nameof(ConditionStatus.Unknown),
        ["message"] = ReadyCondition(owned)?["message"]?.DeepClone(),
    };
}
