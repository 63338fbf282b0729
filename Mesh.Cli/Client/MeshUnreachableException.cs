namespace Mesh.Cli.Client;

/// <summary>
/// Nothing answered at the address. Exit code 2 keeps "the mesh is down" apart from "the mesh said no"
/// (exit code 1) for scripts that retry.
/// </summary>
internal sealed class MeshUnreachableException(string message) : CliException(message, 2)
{
    public static MeshUnreachableException For(Uri target, bool isMesh, Exception cause) =>
        new($"cannot reach {(isMesh ? "the mesh at " : "")}{target.GetLeftPart(UriPartial.Authority)}: {Reason(cause)}");

    // The socket's own words ("Connection refused") are clearer than HttpClient's wrapper message.
    private static string Reason(Exception cause) => cause switch
    {
        TaskCanceledException => "timed out",
        { InnerException: System.Net.Sockets.SocketException socket } => socket.Message,
        { InnerException: { } inner } => inner.Message,
        _ => cause.Message,
    };
}
