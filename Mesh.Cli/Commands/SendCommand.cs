using System.CommandLine;
using Mesh.Cli.Client;
using Mesh.Cli.Events;

namespace Mesh.Cli.Commands;

/// <summary><c>mesh send</c>: posts one CloudEvent to a URL, like <c>kn event send</c>.</summary>
internal static class SendCommand
{
    public static Command Create(CliContext context)
    {
        var to = new Option<string>("--to") { Description = "The URL to POST to (a broker's or channel's address)", Required = true };
        var type = new Option<string>("--type") { Description = "ce-type", Required = true };
        var source = new Option<string>("--source") { Description = "ce-source", Required = true };
        var id = new Option<string?>("--id") { Description = "ce-id (default: a new GUID)" };
        var data = new Option<string?>("--data", "-d") { Description = "The data: JSON or text, or @FILE to read it from a file" };
        var contentType = new Option<string?>("--data-content-type") { Description = "Content type of the data (default application/json; text/plain for data that is not JSON)" };
        var subject = new Option<string?>("--subject") { Description = "ce-subject" };
        var extensions = new Option<string[]>("--extension", "-e") { Description = "An extension attribute name=value; repeatable" };
        var structured = new Option<bool>("--structured") { Description = "Send application/cloudevents+json instead of binary mode" };
        var command = new Command("send", "Send a CloudEvent over HTTP")
        {
            to, type, source, id, data, contentType, subject, extensions, structured,
        };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var dataText = ReadData(parse.GetValue(data));
                var message = new CloudEventMessage(
                    parse.GetValue(id) ?? Guid.NewGuid().ToString(),
                    parse.GetValue(type)!,
                    parse.GetValue(source)!,
                    context.Time.GetUtcNow(),
                    parse.GetValue(subject),
                    dataText,
                    parse.GetValue(contentType) ?? ContentTypes.DefaultFor(dataText),
                    ExtensionArguments.Parse(parse.GetValue(extensions) ?? [], context.Error));
                var target = Target(parse.GetValue(to)!);
                using var request = parse.GetValue(structured) ? message.ToStructured(target) : message.ToBinary(target);
                return await EventPoster.PostAsync(context, request, target, ct);
            }
            catch (CliException e)
            {
                await context.Error.WriteLineAsync($"error: {e.Message}");
                return e.ExitCode;
            }
        });
        return command;
    }

    private static Uri Target(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new CliException($"--to must be an http or https URL, not \"{text}\"");

    private static string? ReadData(string? data)
    {
        if (data is null || !data.StartsWith('@'))
            return data;
        try
        {
            return File.ReadAllText(data[1..]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"--data {data}: {e.Message}");
        }
    }
}
