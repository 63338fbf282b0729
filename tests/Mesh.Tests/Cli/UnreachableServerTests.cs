namespace Mesh.Tests.Cli;

public sealed class UnreachableServerTests
{
    // A port nothing listens on (FreePort's are never an outgoing connection's), for the test's short life.
    private static int ClosedPort() => FreePort.Next();

    [Theory]
    [InlineData("get", "brokers")]
    [InlineData("describe", "broker", "default")]
    [InlineData("delete", "broker", "default")]
    public async Task A_closed_port_gives_one_error_line_and_exit_code_2(params string[] command)
    {
        var server = $"http://127.0.0.1:{ClosedPort()}";

        var result = await CliRun.RunAsync([.. command, "--server", server]);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldStartWith($"error: cannot reach the mesh at {server}: ");
        result.Error.Trim().ShouldNotContain("\n");
        result.Error.ShouldNotContain(" at Mesh.");
    }

    [Fact]
    public async Task Apply_to_a_closed_port_exits_2_without_a_stack_trace()
    {
        var server = $"http://127.0.0.1:{ClosedPort()}";
        const string yaml = "apiVersion: eventing.knative.dev/v1\nkind: Broker\nmetadata: {name: b}\nspec: {}\n";

        var result = await CliRun.RunAsync(["apply", "-f", "-", "--server", server], stdin: yaml);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldStartWith($"error: cannot reach the mesh at {server}: ");
    }

    [Fact]
    public async Task Send_to_a_closed_port_names_the_target_and_exits_2()
    {
        var target = $"http://127.0.0.1:{ClosedPort()}";

        var result = await CliRun.RunAsync(["send", "--to", target + "/default/default", "--type", "t", "--source", "s"]);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldStartWith($"error: cannot reach {target}: ");
    }
}
