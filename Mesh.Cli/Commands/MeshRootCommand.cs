using System.CommandLine;
using Mesh.Cli.Config;

namespace Mesh.Cli.Commands;

/// <summary>The <c>mesh</c> command line: every command, and the <c>--server</c>, <c>--token</c> and <c>--context</c> they share.</summary>
internal static class MeshRootCommand
{
    public static RootCommand Create(CliContext context)
    {
        var connection = ConnectionOptions.Create();
        var root = new RootCommand("mesh: apply, inspect and delete the mesh's brokers, triggers, channels and sources; send CloudEvents; follow them with tail")
        {
            ApplyCommand.Create(context, connection),
            GetCommand.Create(context, connection),
            DescribeCommand.Create(context, connection),
            DeleteCommand.Create(context, connection),
            PatchCommand.Create(context, connection),
            SendCommand.Create(context),
            AuthCommand.Create(context, connection),
            ConfigCommand.Create(context),
            TailCommand.Create(context, connection),
        };
        connection.AddTo(root);
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>, with parse errors and help going to the context's writers.</summary>
    public static Task<int> RunAsync(CliContext context, string[] args, CancellationToken ct = default) =>
        Create(context).Parse(args).InvokeAsync(new InvocationConfiguration { Output = context.Out, Error = context.Error }, ct);
}
