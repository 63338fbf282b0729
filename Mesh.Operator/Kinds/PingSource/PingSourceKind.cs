using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.PingSource;

/// <summary>PingSource (<c>sources.knative.dev/v1</c>): the schedule defaults to every minute, as Knative's does.</summary>
public sealed class PingSourceKind(PingSourceReconciler reconciler, TimeProvider time) : KindDefinition<PingSourceDeclaration>(reconciler, time)
{
    public const string DefaultSchedule = "* * * * *";

    public static ResourceKind Resource { get; } = new("sources.knative.dev", "v1", "PingSource", "pingsources", [], ["all", "knative", "sources"]);

    public override ResourceKind Kind => Resource;

    protected override void SetDefaults(JsonObject obj)
    {
        if (obj["spec"] is JsonObject spec && spec["schedule"] is null) spec["schedule"] = DefaultSchedule;
    }
}
