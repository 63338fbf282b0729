using System.CommandLine;
using Mesh.Cli.Commands;

namespace Mesh.Cli.Config;

/// <summary>The options every command that talks to the mesh shares: <c>--server</c>, <c>--token</c>, <c>--context</c>.</summary>
internal sealed record ConnectionOptions(Option<string?> Server, Option<string?> Token, Option<string?> Context)
{
    public static ConnectionOptions Create() => new(
        new Option<string?>("--server", "-s")
        {
            Description = $"The mesh's address (default ${CliContext.ServerVariable}, else the context's, else {CliContext.BuiltInServer})",
            Recursive = true,
        },
        new Option<string?>("--token")
        {
            Description = $"A bearer token for the mesh (default ${CliContext.TokenVariable}, else the context's)",
            Recursive = true,
        },
        new Option<string?>("--context")
        {
            Description = "The context of the config file to use (default: its current context)",
            Recursive = true,
        });

    public void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(Token);
        command.Options.Add(Context);
    }
}
