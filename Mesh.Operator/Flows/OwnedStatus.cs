using Mesh.Operator.Addressing;
using Mesh.Operator.Conditions;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Flows;

/// <summary>How a flow's status shows one object it is built from: a reference to it and its readiness.</summary>
public static class OwnedStatus
{
    /// <param name="field">What the reference is called: <c>channel</c> or <c>subscription</c>.</param>
    public static JsonObject Of(string field, ResourceKind kind, string @namespace, string name, Declaration? owned) =>
        new() { [field] = KReference.To(kind, @namespace, name).ToJson(), ["ready"] = Readiness.Summary(owned) };
}
