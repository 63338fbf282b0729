namespace Mesh.Cli.Commands;

/// <summary>
/// Everything a command touches outside itself (output, input, HTTP, clock, environment, config
/// file), so tests can run the real command line against a server and read what it printed.
/// </summary>
/// <param name="DefaultServer">The server <c>$MESH_SERVER</c> names; null when unset.</param>
/// <param name="DefaultToken">The token <c>$MESH_TOKEN</c> holds; null when unset.</param>
/// <param name="ConfigPath">The contexts file (<c>$MESHCONFIG</c>, else <c>~/.mesh/config</c>); null for none.</param>
internal sealed record CliContext(
    TextWriter Out,
    TextWriter Error,
    Func<TextReader> In,
    HttpClient Http,
    TimeProvider Time,
    string? DefaultServer,
    string? DefaultToken = null,
    string? ConfigPath = null)
{
    public const string ServerVariable = "MESH_SERVER";
    public const string TokenVariable = "MESH_TOKEN";
    public const string ConfigVariable = "MESHCONFIG";
    public const string BuiltInServer = "http://localhost:8080";

    /// <summary>The real console, environment and home directory.</summary>
    public static CliContext FromProcess() => new(
        Console.Out,
        Console.Error,
        () => Console.In,
        new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) })
        {
            Timeout = TimeSpan.FromSeconds(60),
        },
        TimeProvider.System,
        Variable(ServerVariable),
        Variable(TokenVariable),
        Variable(ConfigVariable) ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".mesh", "config"));

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
