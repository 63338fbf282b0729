using System.CommandLine;
using Mesh.Cli.Commands;

namespace Mesh.Cli.Config;

/// <summary>
/// Where a command connects and with which token. The server is <c>--server</c>, else
/// <c>$MESH_SERVER</c>, else the context's, else http://localhost:8080; the token is <c>--token</c>,
/// else <c>$MESH_TOKEN</c>, else the context's. The context is <c>--context</c>, else the current one.
/// </summary>
internal sealed record Connection(string Server, string? Token)
{
    public static Connection Resolve(ParseResult parse, ConnectionOptions options, CliContext context)
    {
        var config = MeshConfig.Load(context.ConfigPath);
        var name = parse.GetValue(options.Context) ?? config.CurrentContext;
        var selected = name is null ? null : config.Find(name);
        if (parse.GetValue(options.Context) is { } asked && selected is null)
            throw new Client.CliException($"context \"{asked}\" does not exist; see mesh config get-contexts");
        return new Connection(
            parse.GetValue(options.Server) ?? context.DefaultServer ?? selected?.Server ?? CliContext.BuiltInServer,
            parse.GetValue(options.Token) ?? context.DefaultToken ?? selected?.Token);
    }
}
