namespace Mesh.Operator.Resources;

/// <summary>The kinds the mesh implements, with Knative's groups, versions and plurals.</summary>
public static class KnativeKinds
{
    public static readonly ResourceKind Broker = new("eventing.knative.dev", "v1", "Broker", "brokers", ["kb"], ["all", "knative", "eventing"]);
    public static readonly ResourceKind Trigger = new("eventing.knative.dev", "v1", "Trigger", "triggers", ["kt"], ["all", "knative", "eventing"]);

    /// <summary>Core <c>v1 Service</c>: not served here, only resolvable as a destination (cluster DNS name).</summary>
    public static readonly ResourceKind Service = new("", "v1", "Service", "services", ["svc"], ["all"]);
}
