namespace Mesh.Operator.Resources;

/// <summary>The kinds the mesh implements, with Knative's groups, versions and plurals.</summary>
public static class KnativeKinds
{
    public static readonly ResourceKind Broker = new("eventing.knative.dev", "v1", "Broker", "brokers", ["kb"], ["all", "knative", "eventing"]);
    public static readonly ResourceKind Trigger = new("eventing.knative.dev", "v1", "Trigger", "triggers", ["kt"], ["all", "knative", "eventing"]);

    public static readonly ResourceKind InMemoryChannel = new("messaging.knative.dev", "v1", "InMemoryChannel", "inmemorychannels", ["imc"], ["all", "knative", "messaging", "channel"]);
    public static readonly ResourceKind Channel = new("messaging.knative.dev", "v1", "Channel", "channels", ["ch"], ["all", "knative", "messaging", "channel"]);
    public static readonly ResourceKind Subscription = new("messaging.knative.dev", "v1", "Subscription", "subscriptions", ["sub"], ["all", "knative", "messaging"]);
    public static readonly ResourceKind Sequence = new("flows.knative.dev", "v1", "Sequence", "sequences", ["seq"], ["all", "knative", "flows"]);
    public static readonly ResourceKind Parallel = new("flows.knative.dev", "v1", "Parallel", "parallels", [], ["all", "knative", "flows"]);

    public static readonly ResourceKind PingSource = new("sources.knative.dev", "v1", "PingSource", "pingsources", [], ["all", "knative", "sources"]);
    public static readonly ResourceKind GitHubSource = new("sources.knative.dev", "v1alpha1", "GitHubSource", "githubsources", [], ["all", "knative", "sources"]);

    /// <summary>Core <c>v1 Secret</c>, served at Kubernetes' path; values are stored but never answered.</summary>
    public static readonly ResourceKind Secret = new("", "v1", "Secret", "secrets", [], []);

    /// <summary>Whether a kind is a channel (its grain is the channel grain of the same name).</summary>
    public static bool IsChannel(ResourceKind kind) => kind.Equals(InMemoryChannel) || kind.Equals(Channel);

    /// <summary>Core <c>v1 Service</c>: not served here, only resolvable as a destination (cluster DNS name).</summary>
    public static readonly ResourceKind Service = new("", "v1", "Service", "services", ["svc"], ["all"]);
}
