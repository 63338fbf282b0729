namespace Mesh.Cli.Client;

/// <summary>A failure the user should read as one line, <c>error: {message}</c>, never as a stack trace.</summary>
internal class CliException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
