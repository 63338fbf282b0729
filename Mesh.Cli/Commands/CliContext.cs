namespace Mesh.Cli.Commands;

/// <summary>
/// Everything a command touches outside itself (output, input, HTTP, clock, default server), so tests
/// can run the real command line against a fake server and read what it printed.
/// </summary>
internal sealed record CliContext(
    TextWriter Out,
    TextWriter Error,
    Func<TextReader> In,
    HttpClient Http,
    TimeProvider Time,
    string DefaultServer)
{
    public const string ServerVariable = "MESH_SERVER";
    public const string BuiltInServer = "http://localhost:8080";

    /// <summary>The real console; <c>MESH_SERVER</c> replaces the built-in default server.</summary>
    public static CliContext FromProcess() => new(
        Console.Out,
        Console.Error,
        () => Console.In,
        new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) })
        {
            Timeout = TimeSpan.FromSeconds(60),
        },
        TimeProvider.System,
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } server ? server : BuiltInServer);
}
