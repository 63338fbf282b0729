using Mesh.Cli.Commands;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Tests.Cli;

internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    public string[] Lines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Runs the real <c>mesh</c> command line in-process, capturing what it prints.</summary>
internal static class CliRun
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <param name="server">What <c>$MESH_SERVER</c> says (null: unset).</param>
    /// <param name="token">What <c>$MESH_TOKEN</c> says (null: unset).</param>
    /// <param name="config">The contexts file (null: none).</param>
    public static async Task<CliResult> RunAsync(string[] args, TimeProvider? time = null, string stdin = "",
        string? server = "http://127.0.0.1:1", string? token = null, string? config = null)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var context = new CliContext(output, error, () => new StringReader(stdin), Http,
            time ?? new FakeTimeProvider(FakeMeshServer.Created), server, token, config);
        var exit = await MeshRootCommand.RunAsync(context, args);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    public static Task<CliResult> RunAsync(FakeMeshServer server, params string[] args) =>
        RunAsync([.. args, "--server", server.Address.ToString()]);
}
