using System.CommandLine;
using System.Text.Json.Nodes;
using Mesh.Cli.Client;
using Mesh.Cli.Config;
using Mesh.Cli.Output;

namespace Mesh.Cli.Commands;

/// <summary><c>mesh get KIND [NAME]</c>: one object or a list, as a table, JSON or YAML.</summary>
internal static class GetCommand
{
    public static Command Create(CliContext context, ConnectionOptions server)
    {
        var kindArg = new Argument<string>("kind") { Description = "Plural, singular, Kind or short name (broker, brokers, Broker)" };
        var nameArg = new Argument<string?>("name") { Description = "One object's name", Arity = ArgumentArity.ZeroOrOne };
        var ns = CommonOptions.Namespace();
        var all = new Option<bool>("--all-namespaces", "-A") { Description = "List across all namespaces" };
        var output = new Option<string>("--output", "-o") { Description = "table, json or yaml", DefaultValueFactory = _ => ObjectPrinter.Table };
        output.AcceptOnlyFromAmong(ObjectPrinter.Table, ObjectPrinter.Json, ObjectPrinter.Yaml);
        var watch = new Option<bool>("--watch", "-w") { Description = "After listing, print each change as it happens (until interrupted)" };
        var command = new Command("get", "Show one object or list them") { kindArg, nameArg, ns, all, output, watch };
        CommandAction.Set(command, context, server, async (parse, client, ct) =>
        {
            var (kindText, name) = KindAndName.Split(parse.GetValue(kindArg)!, parse.GetValue(nameArg));
            var allNamespaces = parse.GetValue(all);
            if (allNamespaces && parse.GetValue(ns) is not null)
                throw new CliException("-A and -n cannot be used together");
            if (allNamespaces && name is not null)
                throw new CliException("a single object cannot be read across all namespaces; pass -n");
            var kind = await client.ResolveAsync(kindText, ct);
            var namespaceName = parse.GetValue(ns) ?? ResourceTarget.DefaultNamespace;
            var format = parse.GetValue(output)!;

            JsonNode body;
            IReadOnlyList<JsonNode> items;
            if (name is not null)
            {
                body = await KindAndName.ReadAsync(client, kind, namespaceName, name, ct);
                items = [body];
            }
            else
            {
                var response = await client.GetAsync(kind.CollectionPath(allNamespaces ? null : namespaceName), ct);
                if (!response.IsSuccess || response.Body is null)
                    throw new CliException(response.Detail);
                body = response.Body;
                items = (body.At("items") as JsonArray ?? []).OfType<JsonNode>().ToList();
            }

            if (format != ObjectPrinter.Table)
                ObjectPrinter.Write(body, format, context.Out);
            else if (items.Count == 0)
                await context.Error.WriteLineAsync(allNamespaces ? "No resources found" : $"No resources found in {namespaceName} namespace.");
            else
                ResourceTable.Write(kind, items, allNamespaces, context.Time.GetUtcNow(), context.Out);
            if (!parse.GetValue(watch)) return 0;
            if (name is not null) throw new CliException("--watch follows a list; leave out the name");
            await context.Out.FlushAsync(ct);
            var since = body.At("metadata", "resourceVersion").Str();
            var path = kind.CollectionPath(allNamespaces ? null : namespaceName) + "?watch=true" + (since is null ? "" : "&resourceVersion=" + Uri.EscapeDataString(since));
            await client.WatchAsync(path, async (type, obj) =>
            {
                if (format != ObjectPrinter.Table) ObjectPrinter.Write(new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }, format, context.Out);
                else ResourceTable.Write(kind, [obj], allNamespaces, context.Time.GetUtcNow(), context.Out, header: items.Count == 0);
                items = [obj];
                await context.Out.FlushAsync(ct);
            }, ct);
            return 0;
        });
        return command;
    }
}
