namespace Mesh.Tests.Grains.Egress;

/// <summary>Destinations the egress policy refuses are never resolved: the object says why, naming the setting.</summary>
public sealed class EgressAtApplyTests(EgressFixture fixture) : IClassFixture<EgressFixture>
{
    private MeshHost Mesh => fixture.Mesh;

    [Theory]
    [InlineData("metadata", "http://169.254.169.254/latest/meta-data/", "169.254.169.254:80", "Mesh:Egress:Allow")]
    [InlineData("ipv6-metadata", "http://[fd00:ec2::254]/latest/", "[fd00:ec2::254]:80", "Mesh:Egress:Allow")]
    [InlineData("file", "file:///etc/passwd", "'file'", "http or https")]
    [InlineData("gopher", "gopher://127.0.0.1:70/_SET", "'gopher'", "http or https")]
    [InlineData("denied", "http://127.0.0.2:8080/", "127.0.0.2:8080", "Mesh:Egress:Deny:0")]
    public async Task A_trigger_to_a_refused_subscriber_is_not_resolved_and_says_why(string name, string uri, string address, string setting)
    {
        var condition = await TriggerConditionAsync(name, $"uri: \"{uri}\"", "SubscriberResolved");
        ((string?)condition["status"]).ShouldBe("False");
        ((string?)condition["reason"]).ShouldBe("DestinationForbidden");
        ((string)condition["message"]!).ShouldContain(address);
        ((string)condition["message"]!).ShouldContain(setting);
    }

    [Fact]
    public async Task The_mesh_own_silo_and_gateway_ports_are_refused_on_loopback_whatever_the_name()
    {
        var silo = await TriggerConditionAsync("silo-port", $"uri: \"http://127.0.0.1:{fixture.SiloPort}/\"", "SubscriberResolved");
        ((string?)silo["reason"]).ShouldBe("DestinationForbidden");
        ((string)silo["message"]!).ShouldContain("Mesh:SiloPort");
        var gateway = await TriggerConditionAsync("gateway-port", $"uri: \"http://localhost:{fixture.GatewayPort}/\"", "SubscriberResolved");
        ((string?)gateway["reason"]).ShouldBe("DestinationForbidden");
        ((string)gateway["message"]!).ShouldContain("Mesh:GatewayPort");
    }

    [Fact]
    public async Task A_refused_dead_letter_sink_is_not_resolved()
    {
        var condition = await TriggerConditionAsync("dls", $"uri: \"{fixture.Subscriber.Url}\"", "DeadLetterSinkResolved",
            """delivery: { deadLetterSink: { uri: "http://169.254.169.254/" } }""");
        ((string?)condition["status"]).ShouldBe("False");
        ((string?)condition["reason"]).ShouldBe("DestinationForbidden");
    }

    [Fact]
    public async Task A_subscription_whose_reply_is_refused_is_not_resolved()
    {
        await Mesh.MustApplyAsync("""
            apiVersion: messaging.knative.dev/v1
            kind: InMemoryChannel
            metadata: { name: orders, namespace: egress-sub }
            """);
        await Mesh.MustApplyAsync($$"""
            apiVersion: messaging.knative.dev/v1
            kind: Subscription
            metadata: { name: to-metadata, namespace: egress-sub }
            spec:
              channel: { apiVersion: messaging.knative.dev/v1, kind: InMemoryChannel, name: orders }
              subscriber: { uri: "{{fixture.Subscriber.Url}}" }
              reply: { uri: "http://169.254.169.254/computeMetadata/v1/" }
            """);
        var condition = await ConditionAsync("/apis/messaging.knative.dev/v1/namespaces/egress-sub/subscriptions/to-metadata", "ReferencesResolved");
        ((string?)condition["status"]).ShouldBe("False");
        ((string?)condition["reason"]).ShouldBe("DestinationForbidden");
    }

    [Fact]
    public async Task A_source_whose_sink_is_refused_is_not_resolved()
    {
        await Mesh.MustApplyAsync("""
            apiVersion: sources.knative.dev/v1
            kind: PingSource
            metadata: { name: to-metadata, namespace: egress-ping }
            spec:
              schedule: "* * * * *"
              sink: { uri: "http://169.254.169.254/" }
            """);
        var condition = await ConditionAsync("/apis/sources.knative.dev/v1/namespaces/egress-ping/pingsources/to-metadata", "SinkProvided");
        ((string?)condition["status"]).ShouldBe("False");
        ((string?)condition["reason"]).ShouldBe("DestinationForbidden");
    }

    private async Task<JsonObject> TriggerConditionAsync(string name, string subscriber, string type, string extra = "")
    {
        await Mesh.MustApplyAsync("""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: default, namespace: egress-apply }
            """);
        await Mesh.MustApplyAsync($$"""
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: { name: {{name}}, namespace: egress-apply }
            spec:
              broker: default
              subscriber: { {{subscriber}} }
              {{extra}}
            """);
        var path = $"/apis/eventing.knative.dev/v1/namespaces/egress-apply/triggers/{name}";
        var trigger = await Mesh.WaitReadyAsync(path, "False");
        if (type == "SubscriberResolved") trigger["status"]!["subscriberUri"].ShouldBeNull();
        return await ConditionAsync(path, type);
    }

    private async Task<JsonObject> ConditionAsync(string path, string type)
    {
        JsonObject? found = null;
        await Eventually.TrueAsync(async () =>
        {
            var obj = await Mesh.GetAsync(path);
            found = (obj?["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type);
            return found is not null && (string?)found["status"] != "Unknown";
        }, $"{type} on {path}");
        return found!;
    }
}
