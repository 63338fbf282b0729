using System.CommandLine;
using Mesh.Cli.Client;
using Mesh.Cli.Config;

namespace Mesh.Cli.Commands;

/// <summary>
/// Runs a command's body with a client for the chosen server, and turns every expected failure into
/// one <c>error:</c> line and an exit code: users of a CLI should never see a stack trace.
/// </summary>
internal static class CommandAction
{
    public static void Set(Command command, CliContext context, ConnectionOptions connection,
        Func<ParseResult, MeshApiClient, CancellationToken, Task<int>> body)
    {
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var target = Connection.Resolve(parse, connection, context);
                var client = new MeshApiClient(context.Http, ServerUri(target.Server), target.Token);
                return await body(parse, client, ct);
            }
            catch (CliException e)
            {
                await context.Error.WriteLineAsync($"error: {e.Message}");
                return e.ExitCode;
            }
        });
    }

    // A trailing slash makes relative paths resolve under a server mounted at a path prefix.
    private static Uri ServerUri(string? text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new CliException($"--server must be an http or https URL, not \"{text}\"");
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }
}
