namespace Mesh.Tests.Cli;

/// <summary><c>mesh config</c>: contexts in a kubeconfig-like file, never printing a token.</summary>
public sealed class ConfigCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mesh-config-").FullName;
    private string ConfigPath => Path.Combine(_directory, "sub", "config");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Task<CliResult> RunAsync(params string[] args) => CliRun.RunAsync(args, server: null, config: ConfigPath);

    [Fact]
    public async Task Set_context_use_context_and_get_contexts_keep_named_servers_and_mark_the_current_one()
    {
        (await RunAsync("config", "set-context", "laptop", "--server", "http://localhost:8080")).Out.ShouldBe("Context \"laptop\" created.\n");
        (await RunAsync("config", "set-context", "prod", "--server", "https://mesh.example", "--token", "s3cret")).ExitCode.ShouldBe(0);
        (await RunAsync("config", "use-context", "prod")).Out.ShouldBe("Switched to context \"prod\".\n");

        var list = await RunAsync("config", "get-contexts");

        list.Lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ShouldBe(
        [
            ["CURRENT", "NAME", "SERVER"],
            ["laptop", "http://localhost:8080"],
            ["*", "prod", "https://mesh.example"],
        ]);
        (await RunAsync("config", "current-context")).Out.ShouldBe("prod\n");
    }

    [Fact]
    public async Task View_redacts_every_token_and_the_file_is_readable_by_its_owner_only()
    {
        await RunAsync("config", "set-context", "prod", "--server", "https://mesh.example", "--token", "s3cret-token");

        var view = await RunAsync("config", "view");

        view.Out.ShouldNotContain("s3cret-token");
        view.Out.ShouldContain("token: REDACTED");
        view.Out.ShouldContain("server: https://mesh.example");
        File.ReadAllText(ConfigPath).ShouldContain("s3cret-token");
        if (!OperatingSystem.IsWindows())
            File.GetUnixFileMode(ConfigPath).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public async Task Changing_one_field_keeps_the_others_and_unknown_contexts_are_errors()
    {
        await RunAsync("config", "set-context", "prod", "--server", "https://mesh.example", "--token", "t1");
        (await RunAsync("config", "set-context", "prod", "--server", "https://other.example")).Out.ShouldBe("Context \"prod\" modified.\n");
        File.ReadAllText(ConfigPath).ShouldContain("token: t1");

        var missing = await RunAsync("config", "use-context", "nope");
        missing.ExitCode.ShouldBe(1);
        missing.Error.ShouldBe("error: no context exists with the name: \"nope\"\n");
        (await RunAsync("get", "brokers", "--context", "nope")).Error.ShouldContain("context \"nope\" does not exist");
        (await RunAsync("config", "set-context", "x", "--server", "ftp://x")).Error.ShouldContain("--server must be an http or https URL");
    }
}
