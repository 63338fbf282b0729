using System.CommandLine;
using Mesh.Cli.Client;
using Mesh.Cli.Config;
using Mesh.Cli.Output;

namespace Mesh.Cli.Commands;

/// <summary>
/// <c>mesh config</c>: named contexts (server and token) in <c>~/.mesh/config</c> or <c>$MESHCONFIG</c>,
/// as <c>kubectl config</c> keeps them; <c>view</c> never shows a token.
/// </summary>
internal static class ConfigCommand
{
    public const string Redacted = "REDACTED";

    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The context's name" };
        var server = new Option<string?>("--server") { Description = "The mesh's address" };
        var token = new Option<string?>("--token") { Description = "The bearer token to present" };
        var setContext = new Command("set-context", "Create or change a context (only the fields given change)") { name, server, token };
        Run(setContext, context, async (parse, config) =>
        {
            var contextName = parse.GetValue(name)!;
            if (parse.GetValue(server) is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
                throw new CliException($"--server must be an http or https URL, not \"{url}\"");
            var entry = config.Find(contextName);
            var created = entry is null;
            if (entry is null) config.Contexts.Add(entry = new MeshContext { Name = contextName });
            entry.Server = parse.GetValue(server) ?? entry.Server;
            entry.Token = parse.GetValue(token) ?? entry.Token;
            config.Save(context.ConfigPath);
            await context.Out.WriteLineAsync($"Context \"{contextName}\" {(created ? "created" : "modified")}.");
        });

        var useName = new Argument<string>("name") { Description = "The context to make current" };
        var useContext = new Command("use-context", "Make a context the current one") { useName };
        Run(useContext, context, async (parse, config) =>
        {
            var contextName = parse.GetValue(useName)!;
            if (config.Find(contextName) is null) throw new CliException($"no context exists with the name: \"{contextName}\"");
            config.CurrentContext = contextName;
            config.Save(context.ConfigPath);
            await context.Out.WriteLineAsync($"Switched to context \"{contextName}\".");
        });

        var deleteName = new Argument<string>("name") { Description = "The context to delete" };
        var deleteContext = new Command("delete-context", "Delete a context") { deleteName };
        Run(deleteContext, context, async (parse, config) =>
        {
            var contextName = parse.GetValue(deleteName)!;
            if (config.Contexts.RemoveAll(c => c.Name == contextName) == 0) throw new CliException($"context \"{contextName}\" does not exist");
            if (config.CurrentContext == contextName) config.CurrentContext = null;
            config.Save(context.ConfigPath);
            await context.Out.WriteLineAsync($"Deleted context {contextName}.");
        });

        var getContexts = new Command("get-contexts", "List the contexts; * marks the current one");
        Run(getContexts, context, (_, config) =>
        {
            var table = new TableWriter("CURRENT", "NAME", "SERVER");
            foreach (var entry in config.Contexts) table.Add(entry.Name == config.CurrentContext ? "*" : "", entry.Name, entry.Server ?? "");
            table.Write(context.Out);
            return Task.CompletedTask;
        });

        var currentContext = new Command("current-context", "Print the current context's name");
        Run(currentContext, context, async (_, config) =>
            await context.Out.WriteLineAsync(config.CurrentContext ?? throw new CliException("current-context is not set")));

        var view = new Command("view", "Print the config file, tokens redacted");
        Run(view, context, async (_, config) =>
        {
            foreach (var entry in config.Contexts.Where(c => c.Token is not null)) entry.Token = Redacted;
            await context.Out.WriteAsync(config.ToYaml());
        });

        return new Command("config", "Manage contexts: which mesh to talk to and with which token")
        {
            setContext, useContext, deleteContext, getContexts, currentContext, view,
        };
    }

    private static void Run(Command command, CliContext context, Func<ParseResult, MeshConfig, Task> body) =>
        command.SetAction(async (parse, _) =>
        {
            try
            {
                await body(parse, MeshConfig.Load(context.ConfigPath));
                return 0;
            }
            catch (CliException e)
            {
                await context.Error.WriteLineAsync($"error: {e.Message}");
                return e.ExitCode;
            }
        });
}
