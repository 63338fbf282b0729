using System.CommandLine;
using Mesh.Cli.Client;
using Mesh.Cli.Config;
using Mesh.Cli.Output;

namespace Mesh.Cli.Commands;

/// <summary><c>mesh describe KIND NAME</c>: the spec, the resolved URIs and the conditions of one object.</summary>
internal static class DescribeCommand
{
    public static Command Create(CliContext context, ConnectionOptions server)
    {
        var kindArg = new Argument<string>("kind") { Description = "Plural, singular, Kind or short name" };
        var nameArg = new Argument<string?>("name") { Description = "The object's name", Arity = ArgumentArity.ZeroOrOne };
        var ns = CommonOptions.Namespace();
        var command = new Command("describe", "Show one object's spec, addresses and conditions") { kindArg, nameArg, ns };
        CommandAction.Set(command, context, server, async (parse, client, ct) =>
        {
            var (kindText, name) = KindAndName.Split(parse.GetValue(kindArg)!, parse.GetValue(nameArg));
            if (name is null)
                throw new CliException("describe needs a NAME: mesh describe KIND NAME");
            var kind = await client.ResolveAsync(kindText, ct);
            var resource = await KindAndName.ReadAsync(client, kind, parse.GetValue(ns) ?? ResourceTarget.DefaultNamespace, name, ct);
            DescribeWriter.Write(resource, context.Time.GetUtcNow(), context.Out);
            return 0;
        });
        return command;
    }
}
