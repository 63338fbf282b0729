using System.Text.Json.Nodes;

namespace Mesh.Tests.Cli;

public sealed class DescribeAndDeleteTests : IAsyncLifetime
{
    private FakeMeshServer server = null!;

    public async Task InitializeAsync()
    {
        server = await FakeMeshServer.StartAsync();
        server.Seed("triggers", JsonNode.Parse("""
            {"apiVersion":"eventing.knative.dev/v1","kind":"Trigger",
             "metadata":{"name":"orders","namespace":"default","generation":3,"creationTimestamp":"2026-11-26T22:57:00Z"},
             "spec":{"broker":"default","subscriber":{"ref":{"kind":"Service","name":"missing"}}},
             "status":{"observedGeneration":2,"subscriberUri":"http://localhost:9000/",
                       "deadLetterSinkUri":"http://localhost:9001/dlq",
                       "conditions":[
                         {"type":"SubscriberResolved","status":"False","reason":"Unresolved","message":"service \"missing\" not found","lastTransitionTime":"2026-11-26T22:58:00Z"},
                         {"type":"Ready","status":"False","reason":"Unresolved","message":"the subscriber is not resolved","lastTransitionTime":"2026-11-26T22:58:00Z"},
                         {"type":"BrokerReady","status":"True","reason":"","message":"","lastTransitionTime":"2026-11-26T22:57:30Z"}]}}
            """)!.AsObject());
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Describe_shows_generations_spec_resolved_uris_and_conditions_with_reasons()
    {
        var result = await CliRun.RunAsync(server, "describe", "trigger", "orders");

        result.ExitCode.ShouldBe(0, result.Error);
        var lines = result.Lines;
        lines.ShouldContain("Name:                  orders");
        lines.ShouldContain("Kind:                  Trigger");
        lines.ShouldContain("Generation:            3");
        lines.ShouldContain("Observed Generation:   2");
        lines.ShouldContain("Age:                   3m");
        lines.ShouldContain("  broker: default");
        lines.ShouldContain("      kind: Service");
        lines.ShouldContain("  subscriberUri:       http://localhost:9000/");
        lines.ShouldContain("  deadLetterSinkUri:   http://localhost:9001/dlq");
        var table = lines.SkipWhile(l => l != "Conditions:").Skip(1).Select(l => l.Split("   ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        table[0].ShouldBe(["TYPE", "STATUS", "REASON", "MESSAGE", "LAST TRANSITION"]);
        table[1].ShouldBe(["Ready", "False", "Unresolved", "the subscriber is not resolved", "2026-11-26T22:58:00Z"]);
        table[2][0].ShouldBe("BrokerReady");
        table[3].ShouldBe(["SubscriberResolved", "False", "Unresolved", "service \"missing\" not found", "2026-11-26T22:58:00Z"]);
    }

    [Fact]
    public async Task Delete_removes_the_object_and_a_second_delete_is_not_found()
    {
        var first = await CliRun.RunAsync(server, "delete", "trigger", "orders");
        var second = await CliRun.RunAsync(server, "delete", "trigger", "orders");

        first.ExitCode.ShouldBe(0);
        first.Out.ShouldBe("trigger.eventing.knative.dev \"orders\" deleted\n");
        server.Objects.ShouldBeEmpty();
        second.ExitCode.ShouldBe(1);
        second.Error.ShouldBe("error: trigger.eventing.knative.dev \"orders\" not found\n");
    }

    [Fact]
    public async Task Delete_with_a_file_deletes_what_it_declares()
    {
        var file = Path.GetTempFileName() + ".yaml";
        File.WriteAllText(file, "apiVersion: eventing.knative.dev/v1\nkind: Trigger\nmetadata: {name: orders}\nspec: {}\n");
        try
        {
            var result = await CliRun.RunAsync(server, "delete", "-f", file);

            result.ExitCode.ShouldBe(0, result.Error);
            result.Out.ShouldBe("trigger.eventing.knative.dev \"orders\" deleted\n");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
