using System.CommandLine;

namespace Mesh.Cli.Commands;

/// <summary>The <c>mesh</c> command line: every command, and the <c>--server</c> they share.</summary>
internal static class MeshRootCommand
{
    public static RootCommand Create(CliContext context)
    {
        var server = CommonOptions.Server(context.DefaultServer);
        return new RootCommand("mesh: apply, inspect and delete the mesh's brokers, triggers, channels and sources; send CloudEvents; follow them with tail")
        {
            server,
            ApplyCommand.Create(context, server),
            GetCommand.Create(context, server),
            DescribeCommand.Create(context, server),
            DeleteCommand.Create(context, server),
            SendCommand.Create(context),
            TailCommand.Create(context, server),
        };
    }

    /// <summary>Parses and runs <paramref name="args"/>, with parse errors and help going to the context's writers.</summary>
    public static Task<int> RunAsync(CliContext context, string[] args, CancellationToken ct = default) =>
        Create(context).Parse(args).InvokeAsync(new InvocationConfiguration { Output = context.Out, Error = context.Error }, ct);
}
