using System.CommandLine;
using Mesh.Cli.Client;
using Mesh.Cli.Config;
using Mesh.Cli.Output;

namespace Mesh.Cli.Commands;

/// <summary>
/// <c>mesh tail broker/NAME</c>: prints each event as the mesh accepts it and, under it, what became
/// of its deliveries, until interrupted, like <c>kubectl logs -f</c>.
/// </summary>
internal static class TailCommand
{
    public static Command Create(CliContext context, ConnectionOptions connection)
    {
        var target = new Argument<string>("target") { Description = "KIND/NAME (or KIND NAME): a broker, channel, trigger or subscription" };
        var nameArg = new Argument<string?>("name") { Description = "The object's name, when KIND is given alone", Arity = ArgumentArity.ZeroOrOne };
        var ns = CommonOptions.Namespace();
        var filters = new Option<string[]>("--filter") { Description = "Show only events whose attribute ATTR equals VALUE (ATTR=VALUE); repeatable, all must hold" };
        var output = new Option<string>("--output", "-o") { Description = "text, or json (each message as one JSON line)", DefaultValueFactory = _ => TailPrinter.Text };
        output.AcceptOnlyFromAmong(TailPrinter.Text, TailPrinter.Json);
        var command = new Command("tail", "Follow the events a broker, channel, trigger or subscription accepts, and their deliveries")
        {
            target, nameArg, ns, filters, output,
        };
        CommandAction.Set(command, context, connection, async (parse, client, ct) =>
        {
            var (kindText, name) = KindAndName.Split(parse.GetValue(target)!, parse.GetValue(nameArg));
            if (name is null) throw new CliException($"name the object to tail: {kindText}/NAME");
            var plural = TailStream.PluralOf(kindText)
                ?? throw new CliException($"cannot tail \"{kindText}\": tail a broker, channel, trigger or subscription");
            var conditions = parse.GetValue(filters) ?? [];
            foreach (var condition in conditions)
                if (condition.IndexOf('=') <= 0) throw new CliException($"--filter \"{condition}\" must be ATTR=VALUE, e.g. type=dev.example.greeting");
            var printer = new TailPrinter(context.Out, parse.GetValue(output)!);
            var stream = new TailStream(context.Http, client.Server, client.Token);
            return await stream.FollowAsync(plural, parse.GetValue(ns) ?? ResourceTarget.DefaultNamespace, name, conditions, printer, context.Error, ct);
        });
        return command;
    }
}
