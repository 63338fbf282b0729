using System.CommandLine;
using System.Net;
using Mesh.Cli.Client;
using Mesh.Cli.Config;
using Mesh.Cli.Manifests;

namespace Mesh.Cli.Commands;

/// <summary>
/// <c>mesh apply -f PATH</c>: PUTs each document to its REST path. One bad document does not stop the
/// others; the exit code says whether any failed, as with <c>kubectl apply</c>.
/// </summary>
internal static class ApplyCommand
{
    public static Command Create(CliContext context, ConnectionOptions server)
    {
        var files = CommonOptions.Files("apply");
        files.Required = true;
        var ns = CommonOptions.Namespace();
        var recursive = CommonOptions.Recursive();
        var command = new Command("apply", "Create or update objects from YAML or JSON files") { files, ns, recursive };
        CommandAction.Set(command, context, server, async (parse, client, ct) =>
        {
            var manifests = new ManifestReader(context.In).Read(parse.GetValue(files) ?? [], parse.GetValue(recursive));
            var failed = false;
            foreach (var manifest in manifests)
                failed |= !await ApplyAsync(manifest, parse.GetValue(ns), client, context, ct);
            return failed ? 1 : 0;
        });
        return command;
    }

    private static async Task<bool> ApplyAsync(Manifest manifest, string? ns, MeshApiClient client, CliContext context, CancellationToken ct)
    {
        if (manifest.Problem is { } problem)
            return await FailAsync(context, $"{manifest.Source}: {problem}");
        var label = $"{manifest.Kind}/{manifest.Name}";
        var target = ResourceTarget.For(manifest, ns);
        if (target.Error is { } mismatch)
            return await FailAsync(context, $"{label}: {mismatch}");
        var kind = await client.ResolveAsync(manifest.ApiVersion!, manifest.Kind!, ct);
        if (kind is null)
            return await FailAsync(context, $"{label}: the server doesn't have a resource type \"{manifest.Kind}\" in {manifest.ApiVersion}");
        label = $"{kind.QualifiedName}/{manifest.Name}";

        var path = kind.ObjectPath(target.Namespace, manifest.Name!);
        // Read first so that re-applying an identical spec can say "unchanged", as kubectl does.
        var before = await client.GetAsync(path, ct);
        var response = await client.PutAsync(path, manifest.Body, ct);
        if (!response.IsSuccess)
            return await FailAsync(context, $"{label}: {response.Detail}", response.FieldErrors);

        var generation = response.Body.At("metadata", "generation").Long();
        var verb = response.Status == HttpStatusCode.Created ? "created"
            : before.IsSuccess && generation is not null && generation == before.Body.At("metadata", "generation").Long()
                ? "unchanged"
                : "configured";
        await context.Out.WriteLineAsync($"{label} {verb}");
        return true;
    }

    private static async Task<bool> FailAsync(CliContext context, string message, IEnumerable<string>? details = null)
    {
        await context.Error.WriteLineAsync($"error: {message}");
        foreach (var detail in details ?? [])
            await context.Error.WriteLineAsync($"  {detail}");
        return false;
    }
}
