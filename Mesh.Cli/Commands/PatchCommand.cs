using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.Cli.Client;
using Mesh.Cli.Config;

namespace Mesh.Cli.Commands;

/// <summary>
/// <c>mesh patch KIND NAME -p PATCH [--type merge|json]</c>: changes fields of one object in place, as
/// <c>kubectl patch</c> does. The server admits the result as it admits an apply.
/// </summary>
internal static class PatchCommand
{
    public static Command Create(CliContext context, ConnectionOptions server)
    {
        var kindArg = new Argument<string>("kind") { Description = "Plural, singular, Kind or short name (or KIND/NAME)" };
        var nameArg = new Argument<string?>("name") { Description = "The object's name", Arity = ArgumentArity.ZeroOrOne };
        var patch = new Option<string>("--patch", "-p") { Description = "The patch, as JSON", Required = true };
        var type = new Option<string>("--type")
        {
            Description = "merge (JSON merge patch, RFC 7386) or json (JSON patch, RFC 6902); strategic is not served",
            DefaultValueFactory = _ => "merge",
        };
        type.AcceptOnlyFromAmong("merge", "json", "strategic");
        var ns = CommonOptions.Namespace();
        var command = new Command("patch", "Update fields of an object with a JSON merge patch or a JSON patch") { kindArg, nameArg, patch, type, ns };
        CommandAction.Set(command, context, server, async (parse, client, ct) =>
        {
            var (kindPart, name) = KindAndName.Split(parse.GetValue(kindArg) ?? "", parse.GetValue(nameArg));
            if (kindPart.Length == 0 || name is null) throw new CliException("patch needs KIND NAME -p PATCH");
            JsonNode? body;
            try
            {
                body = JsonNode.Parse(parse.GetValue(patch)!);
            }
            catch (JsonException e)
            {
                throw new CliException($"--patch is not JSON: {e.Message}");
            }
            if (body is null) throw new CliException("--patch must not be null");
            var contentType = parse.GetValue(type) switch
            {
                "json" => "application/json-patch+json",
                "strategic" => "application/strategic-merge-patch+json",
                _ => "application/merge-patch+json",
            };
            var kind = await client.ResolveAsync(kindPart, ct);
            var response = await client.PatchAsync(kind.ObjectPath(parse.GetValue(ns) ?? ResourceTarget.DefaultNamespace, name), body, contentType, ct);
            if (MeshApiClient.IsNotFound(response)) throw new CliException($"{kind.QualifiedName} \"{name}\" not found");
            if (!response.IsSuccess)
            {
                var errors = string.Join("", response.FieldErrors.Select(e => $"\n  {e}"));
                throw new CliException($"{kind.QualifiedName}/{name}: {response.Detail}{errors}");
            }
            await context.Out.WriteLineAsync($"{kind.QualifiedName}/{name} patched");
            return 0;
        });
        return command;
    }
}
