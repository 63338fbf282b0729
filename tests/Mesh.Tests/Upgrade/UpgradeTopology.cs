namespace Mesh.Tests.Upgrade;

/// <summary>
/// What an upgrade fixture holds, shared by the command that makes it (<see cref="UpgradeFixtureMaker"/>)
/// and the test that loads it (<see cref="DataDirectoryUpgradeTests"/>): the fixed loopback ports
/// its stored URIs name, the declarations, the events left owed and the events sent after loading.
/// </summary>
public static class UpgradeTopology
{
    public const string Namespace = "upgrade";

    /// <summary>The mesh's HTTP port: stored addresses (<c>status.address.url</c>, the GitHub hook's URL) name it.</summary>
    public const int MeshPort = 31470;

    /// <summary>Every subscriber, reply, sink and dead-letter sink: one recording server, a path each.</summary>
    public const int SubscriberPort = 31471;

    /// <summary>The GitHub API double the GitHubSource's <c>githubAPIURL</c> names.</summary>
    public const int GitHubPort = 31472;

    public static readonly int[] Ports = [MeshPort, SubscriberPort, GitHubPort];

    public const string GitHubRepository = "example/repo";
    public const string WebhookSecret = "upgrade-webhook-secret";

    /// <summary>Linear, a minute apart: a failed first attempt is still waiting for its retry when the fixture's mesh stops.</summary>
    private const string SlowRetries = "{ retry: 5, backoffPolicy: linear, backoffDelay: PT1M }";

    public static string Subscriber(string path) => $"http://127.0.0.1:{SubscriberPort}/{path}";

    /// <summary>The kinds the fixture declares, as resource API collection paths in <see cref="Namespace"/>.</summary>
    public static readonly string[] Collections =
    [
        $"/api/v1/namespaces/{Namespace}/secrets",
        $"/apis/eventing.knative.dev/v1/namespaces/{Namespace}/brokers",
        $"/apis/eventing.knative.dev/v1/namespaces/{Namespace}/triggers",
        $"/apis/messaging.knative.dev/v1/namespaces/{Namespace}/inmemorychannels",
        $"/apis/messaging.knative.dev/v1/namespaces/{Namespace}/channels",
        $"/apis/messaging.knative.dev/v1/namespaces/{Namespace}/subscriptions",
        $"/apis/flows.knative.dev/v1/namespaces/{Namespace}/sequences",
        $"/apis/flows.knative.dev/v1/namespaces/{Namespace}/parallels",
        $"/apis/sources.knative.dev/v1/namespaces/{Namespace}/pingsources",
        $"/apis/sources.knative.dev/v1alpha1/namespaces/{Namespace}/githubsources",
    ];

    public static readonly string[] Declarations =
    [
        $$"""
        apiVersion: v1
        kind: Secret
        metadata: { name: github, namespace: {{Namespace}} }
        stringData: { accessToken: {{Sources.GitHub.GitHubApiDouble.Token}}, secretToken: {{WebhookSecret}} }
        """,
        $$"""
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: { name: default, namespace: {{Namespace}} }
        spec:
          delivery: { retry: 5, backoffPolicy: linear, backoffDelay: PT1M, deadLetterSink: { uri: "{{Subscriber("dead-letter")}}" } }
        """,
        Trigger("orders", "filter: { attributes: { type: com.example.order } }"),
        Trigger("urgent", "filters: [ { cesql: \"type LIKE 'com.example.%' AND priority = 'high'\" } ]"),
        Trigger("shipments", """
          filters:
              - any: [ { exact: { type: com.example.shipment } }, { prefix: { type: com.example.shipping. } } ]
              - suffix: { source: /warehouse }
              - not: { exact: { subject: ignored } }
          """),
        Trigger("audit", $$"""
          filter: { attributes: { type: com.example.audit } }
            delivery: { retry: 3, backoffPolicy: exponential, backoffDelay: PT1M, deadLetterSink: { uri: "{{Subscriber("audit-dead-letter")}}" } }
          """),
        $$"""
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: { name: to-pipeline, namespace: {{Namespace}} }
        spec:
          broker: default
          filter: { attributes: { type: com.example.pipeline } }
          subscriber: { ref: { apiVersion: flows.knative.dev/v1, kind: Sequence, name: pipeline } }
        """,
        $$"""
        apiVersion: messaging.knative.dev/v1
        kind: InMemoryChannel
        metadata: { name: imc, namespace: {{Namespace}} }
        """,
        $$"""
        apiVersion: messaging.knative.dev/v1
        kind: Subscription
        metadata: { name: imc-sub, namespace: {{Namespace}} }
        spec:
          channel: { apiVersion: messaging.knative.dev/v1, kind: InMemoryChannel, name: imc }
          subscriber: { uri: "{{Subscriber("imc-sub")}}" }
          reply: { uri: "{{Subscriber("imc-reply")}}" }
          delivery: {{SlowRetries}}
        """,
        $$"""
        apiVersion: messaging.knative.dev/v1
        kind: Channel
        metadata: { name: channel, namespace: {{Namespace}} }
        spec:
          channelTemplate: { apiVersion: messaging.knative.dev/v1, kind: InMemoryChannel }
        """,
        $$"""
        apiVersion: messaging.knative.dev/v1
        kind: Subscription
        metadata: { name: channel-sub, namespace: {{Namespace}} }
        spec:
          channel: { apiVersion: messaging.knative.dev/v1, kind: Channel, name: channel }
          subscriber: { uri: "{{Subscriber("channel-sub")}}" }
          delivery: {{SlowRetries}}
        """,
        $$"""
        apiVersion: flows.knative.dev/v1
        kind: Sequence
        metadata: { name: pipeline, namespace: {{Namespace}} }
        spec:
          channelTemplate: { apiVersion: messaging.knative.dev/v1, kind: InMemoryChannel }
          steps:
            - { uri: "{{Subscriber("step-1")}}", delivery: {{SlowRetries}} }
            - { uri: "{{Subscriber("step-2")}}" }
          reply: { uri: "{{Subscriber("pipeline-reply")}}" }
        """,
        $$"""
        apiVersion: flows.knative.dev/v1
        kind: Parallel
        metadata: { name: fanout, namespace: {{Namespace}} }
        spec:
          channelTemplate: { apiVersion: messaging.knative.dev/v1, kind: InMemoryChannel }
          branches:
            - { filter: { uri: "{{Subscriber("filter-a")}}" }, subscriber: { uri: "{{Subscriber("branch-a")}}" } }
            - { subscriber: { uri: "{{Subscriber("branch-b")}}" } }
          reply: { uri: "{{Subscriber("fanout-reply")}}" }
        """,
        $$"""
        apiVersion: sources.knative.dev/v1
        kind: PingSource
        metadata: { name: yearly, namespace: {{Namespace}} }
        spec:
          schedule: "0 0 1 1 *"
          contentType: application/json
          data: '{"from":"the upgrade fixture"}'
          sink: { ref: { apiVersion: eventing.knative.dev/v1, kind: Broker, name: default } }
        """,
        $$"""
        apiVersion: sources.knative.dev/v1alpha1
        kind: GitHubSource
        metadata: { name: repo, namespace: {{Namespace}} }
        spec:
          ownerAndRepository: {{GitHubRepository}}
          eventTypes: [push]
          accessToken: { secretKeyRef: { name: github, key: accessToken } }
          secretToken: { secretKeyRef: { name: github, key: secretToken } }
          githubAPIURL: "http://127.0.0.1:{{GitHubPort}}/"
          sink: { uri: "{{Subscriber("github")}}" }
        """,
    ];

    private const string Broker = $"/{Namespace}/default";

    /// <summary>Accepted while every subscriber was down, so the fixture's journal still owes them.</summary>
    public static readonly FixtureEvent[] Owed =
    [
        new(Broker, "order-1", "com.example.order", ["/orders"], "trigger:upgrade/orders"),
        new(Broker, "order-2", "com.example.order", ["/orders"], "trigger:upgrade/orders"),
        new(Broker, "order-3", "com.example.order", ["/orders"], "trigger:upgrade/orders"),
        new(Broker, "alert-1", "com.example.alert", ["/urgent"], "trigger:upgrade/urgent", Priority: "high"),
        new(Broker, "shipment-1", "com.example.shipment", ["/shipments"], "trigger:upgrade/shipments", Source: "/eu/warehouse"),
        new(Broker, "audit-1", "com.example.audit", ["/audit"], "trigger:upgrade/audit"),
        new($"/channels/{Namespace}/imc", "imc-1", "com.example.note", ["/imc-sub", "/imc-reply"], "subscription:upgrade/imc-sub"),
        new($"/channels/{Namespace}/imc", "imc-2", "com.example.note", ["/imc-sub", "/imc-reply"], "subscription:upgrade/imc-sub"),
        new($"/channels/{Namespace}/channel", "channel-1", "com.example.note", ["/channel-sub"], "subscription:upgrade/channel-sub"),
        new($"/channels/{Namespace}/pipeline-kn-sequence-0", "pipeline-1", "com.example.note", ["/step-1", "/step-2", "/pipeline-reply"],
            "subscription:upgrade/pipeline-kn-sequence-0"),
    ];

    /// <summary>Sent once the fixture is loaded: every route still works for a new event.</summary>
    public static readonly FixtureEvent[] AfterUpgrade =
    [
        new(Broker, "new-order", "com.example.order", ["/orders"]),
        new(Broker, "new-alert", "com.example.alert", ["/urgent"], Priority: "high"),
        new(Broker, "new-shipment", "com.example.shipping.label", ["/shipments"], Source: "/us/warehouse"),
        new(Broker, "new-audit", "com.example.audit", ["/audit"]),
        new(Broker, "new-pipeline", "com.example.pipeline", ["/step-1", "/step-2", "/pipeline-reply"]),
        new($"/channels/{Namespace}/imc", "new-imc", "com.example.note", ["/imc-sub", "/imc-reply"]),
        new($"/channels/{Namespace}/channel", "new-channel", "com.example.note", ["/channel-sub"]),
        new($"/channels/{Namespace}/fanout-kn-parallel", "new-fanout", "com.example.note", ["/filter-a", "/branch-a", "/branch-b", "/fanout-reply"]),
    ];

    /// <summary>Paths whose subscriber answers with the event it got (sequence steps, a reply, a parallel's filter and branches).</summary>
    public static readonly string[] Echoing = ["/imc-sub", "/step-1", "/step-2", "/filter-a", "/branch-a", "/branch-b"];

    private static string Trigger(string name, string filter) => $$"""
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: { name: {{name}}, namespace: {{Namespace}} }
        spec:
          broker: default
          {{filter}}
          subscriber: { uri: "{{Subscriber(name)}}" }
        """;
}
