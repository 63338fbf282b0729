using Mesh.Tests.Operator.Auth;

namespace Mesh.Tests.Cli;

/// <summary>The CLI against a real mesh with a token file: tokens from --token, $MESH_TOKEN or a context, and <c>mesh auth can-i</c>.</summary>
public sealed class AuthenticatedCliTests(AuthenticatedCliMesh fixture) : IClassFixture<AuthenticatedCliMesh>, IDisposable
{
    private readonly AuthenticatedMesh _auth = fixture.Auth;
    private readonly string _directory = Directory.CreateTempSubdirectory("mesh-cli-auth-").FullName;
    private string Server => _auth.Mesh.BaseAddress.ToString();
    private string ConfigPath => Path.Combine(_directory, "config");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Without_a_token_the_cli_says_how_to_give_one()
    {
        var result = await CliRun.RunAsync(["get", "brokers", "-n", "team-a"], server: Server);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldStartWith("error: A bearer token is required");
        result.Error.ShouldContain("--token, $MESH_TOKEN or a context");
    }

    [Fact]
    public async Task A_token_from_the_flag_the_environment_or_the_current_context_is_presented()
    {
        (await CliRun.RunAsync(["get", "brokers", "-n", "team-a", "--token", AuthenticatedMesh.AliceToken], server: Server)).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync(["get", "brokers", "-n", "team-a"], server: Server, token: AuthenticatedMesh.AliceToken)).ExitCode.ShouldBe(0);

        await CliRun.RunAsync(["config", "set-context", "team", "--server", Server, "--token", AuthenticatedMesh.AliceToken], server: null, config: ConfigPath);
        await CliRun.RunAsync(["config", "use-context", "team"], server: null, config: ConfigPath);
        var viaContext = await CliRun.RunAsync(["apply", "-f", "-", "-n", "team-a"], server: null, config: ConfigPath, stdin: RbacYaml.Broker("team-a", "from-context"));
        viaContext.Out.ShouldBe("broker.eventing.knative.dev/from-context created\n", viaContext.Error);

        var overridden = await CliRun.RunAsync(["get", "brokers", "-n", "team-a", "--token", AuthenticatedMesh.BobToken], server: null, config: ConfigPath);
        overridden.ExitCode.ShouldBe(1);
        overridden.Error.ShouldContain("User \"bob\" cannot list resource \"brokers\"");
    }

    [Theory]
    [InlineData(new[] { "auth", "can-i", "create", "brokers", "-n", "team-a" }, "yes", 0)]
    [InlineData(new[] { "auth", "can-i", "delete", "broker", "default", "-n", "team-a" }, "yes", 0)]
    [InlineData(new[] { "auth", "can-i", "create", "brokers", "-n", "team-b" }, "no", 1)]
    [InlineData(new[] { "auth", "can-i", "get", "triggers", "-n", "team-a" }, "no", 1)]
    [InlineData(new[] { "auth", "can-i", "list", "brokers", "-A" }, "no", 1)]
    [InlineData(new[] { "auth", "can-i", "get", "/metrics" }, "no", 1)]
    [InlineData(new[] { "auth", "can-i", "get", "clusterroles" }, "no", 1)]
    public async Task Can_i_answers_yes_or_no_for_the_caller(string[] args, string answer, int exitCode)
    {
        var result = await CliRun.RunAsync(args, server: Server, token: AuthenticatedMesh.AliceToken);

        result.Out.ShouldBe(answer + "\n", result.Error);
        result.ExitCode.ShouldBe(exitCode);
    }

    [Fact]
    public async Task Can_i_for_a_member_of_system_masters_is_yes_for_anything()
    {
        var result = await CliRun.RunAsync(["auth", "can-i", "delete", "clusterrolebindings"], server: Server, token: AuthenticatedMesh.AdminToken);

        result.Out.ShouldBe("yes\n");
    }
}
