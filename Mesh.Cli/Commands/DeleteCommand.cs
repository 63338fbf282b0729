using System.CommandLine;
using Mesh.Cli.Client;
using Mesh.Cli.Config;
using Mesh.Cli.Manifests;

namespace Mesh.Cli.Commands;

/// <summary><c>mesh delete KIND NAME</c> or <c>mesh delete -f PATH</c>: removes objects and their routing.</summary>
internal static class DeleteCommand
{
    public static Command Create(CliContext context, ConnectionOptions server)
    {
        var kindArg = new Argument<string?>("kind") { Description = "Plural, singular, Kind or short name", Arity = ArgumentArity.ZeroOrOne };
        var nameArg = new Argument<string?>("name") { Description = "The object's name", Arity = ArgumentArity.ZeroOrOne };
        var files = CommonOptions.Files("delete");
        var ns = CommonOptions.Namespace();
        var recursive = CommonOptions.Recursive();
        var command = new Command("delete", "Delete objects by kind and name, or those declared in files")
        {
            kindArg, nameArg, files, ns, recursive,
        };
        CommandAction.Set(command, context, server, async (parse, client, ct) =>
        {
            var paths = parse.GetValue(files) ?? [];
            var kindText = parse.GetValue(kindArg);
            if (paths.Length > 0 && kindText is not null)
                throw new CliException("give either KIND NAME or -f PATH, not both");
            if (paths.Length > 0)
                return await DeleteFilesAsync(new ManifestReader(context.In).Read(paths, parse.GetValue(recursive)),
                    parse.GetValue(ns), client, context, ct);

            var (kindPart, name) = KindAndName.Split(kindText ?? "", parse.GetValue(nameArg));
            if (kindPart.Length == 0 || name is null)
                throw new CliException("delete needs KIND NAME or -f PATH");
            var kind = await client.ResolveAsync(kindPart, ct);
            var error = await DeleteAsync(kind, parse.GetValue(ns) ?? ResourceTarget.DefaultNamespace, name, client, context, ct);
            return error is null ? 0 : throw new CliException(error);
        });
        return command;
    }

    private static async Task<int> DeleteFilesAsync(IReadOnlyList<Manifest> manifests, string? ns, MeshApiClient client, CliContext context, CancellationToken ct)
    {
        var failed = false;
        foreach (var manifest in manifests)
        {
            var target = ResourceTarget.For(manifest, ns);
            var kind = manifest.Problem is null ? await client.ResolveAsync(manifest.ApiVersion!, manifest.Kind!, ct) : null;
            var error = manifest.Problem ?? target.Error
                ?? (kind is null ? $"the server doesn't have a resource type \"{manifest.Kind}\" in {manifest.ApiVersion}"
                    : await DeleteAsync(kind, target.Namespace, manifest.Name!, client, context, ct));
            if (error is not null)
            {
                failed = true;
                await context.Error.WriteLineAsync($"error: {error}");
            }
        }
        return failed ? 1 : 0;
    }

    /// <summary>Deletes one object and prints it; returns the error message instead of throwing so -f can go on.</summary>
    private static async Task<string?> DeleteAsync(ResourceKind kind, string ns, string name, MeshApiClient client, CliContext context, CancellationToken ct)
    {
        var response = await client.DeleteAsync(kind.ObjectPath(ns, name), ct);
        if (MeshApiClient.IsNotFound(response))
            return $"{kind.QualifiedName} \"{name}\" not found";
        if (!response.IsSuccess)
            return $"{kind.QualifiedName}/{name}: {response.Detail}";
        await context.Out.WriteLineAsync($"{kind.QualifiedName} \"{name}\" deleted");
        return null;
    }
}
