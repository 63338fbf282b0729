using System.CommandLine;
using System.Text.Json.Nodes;
using Mesh.Cli.Client;
using Mesh.Cli.Config;

namespace Mesh.Cli.Commands;

/// <summary>
/// <c>mesh auth can-i VERB KIND [NAME] [-n NS]</c> (or <c>VERB /path</c>): asks the mesh through a
/// SelfSubjectAccessReview, as <c>kubectl auth can-i</c> does; prints yes or no, exit code 0 or 1.
/// </summary>
internal static class AuthCommand
{
    public const string ReviewPath = "apis/authorization.k8s.io/v1/selfsubjectaccessreviews";

    public static Command Create(CliContext context, ConnectionOptions connection)
    {
        var verbArg = new Argument<string>("verb") { Description = "get, list, watch, create, update, patch, delete or *" };
        var kindArg = new Argument<string>("kind") { Description = "A kind (plural, singular, Kind or short name, optionally /subresource), or a /path" };
        var nameArg = new Argument<string?>("name") { Description = "One object's name", Arity = ArgumentArity.ZeroOrOne };
        var ns = CommonOptions.Namespace();
        var all = new Option<bool>("--all-namespaces", "-A") { Description = "Ask about every namespace (the cluster scope)" };
        var canI = new Command("can-i", "Ask whether you may do something") { verbArg, kindArg, nameArg, ns, all };
        CommandAction.Set(canI, context, connection, async (parse, client, ct) =>
        {
            var spec = await SpecAsync(parse.GetValue(verbArg)!, parse.GetValue(kindArg)!, parse.GetValue(nameArg),
                parse.GetValue(all) ? "" : parse.GetValue(ns) ?? ResourceTarget.DefaultNamespace, client, context, ct);
            var response = await client.PostAsync(ReviewPath, new JsonObject
            {
                ["apiVersion"] = "authorization.k8s.io/v1",
                ["kind"] = "SelfSubjectAccessReview",
                ["spec"] = spec,
            }, ct);
            if (!response.IsSuccess || response.Body.At("status", "allowed") is not JsonValue allowed || !allowed.TryGetValue<bool>(out var yes))
                throw new CliException(response.Detail);
            await context.Out.WriteLineAsync(yes ? "yes" : "no");
            return yes ? 0 : 1;
        });
        return new Command("auth", "Inspect what you may do") { canI };
    }

    private static async Task<JsonObject> SpecAsync(string verb, string kindText, string? name, string ns, MeshApiClient client, CliContext context, CancellationToken ct)
    {
        if (kindText.StartsWith('/'))
            return new JsonObject { ["nonResourceAttributes"] = new JsonObject { ["verb"] = verb, ["path"] = kindText } };
        var slash = kindText.IndexOf('/');
        var (resourceText, subresource) = slash < 0 ? (kindText, "") : (kindText[..slash], kindText[(slash + 1)..]);
        string group, resource;
        var kind = resourceText == "*" ? null : (await client.DiscoverAllAsync(ct)).FindByName(resourceText);
        if (kind is not null)
        {
            (group, resource) = (kind.Group, kind.Plural);
            if (!kind.Namespaced) ns = "";
        }
        else
        {
            if (resourceText != "*") await context.Error.WriteLineAsync($"Warning: the server doesn't have a resource type '{resourceText}'");
            (group, resource) = ("", resourceText);
        }
        return new JsonObject
        {
            ["resourceAttributes"] = new JsonObject
            {
                ["namespace"] = ns, ["verb"] = verb, ["group"] = group, ["resource"] = resource,
                ["subresource"] = subresource, ["name"] = name ?? "",
            },
        };
    }
}
