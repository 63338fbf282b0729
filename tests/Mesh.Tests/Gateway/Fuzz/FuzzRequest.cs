using System.Text;

namespace Mesh.Tests.Gateway.Fuzz;

/// <summary>A generated request: which surface it targets, and its bytes on the wire.</summary>
public sealed record FuzzRequest(string Surface, byte[] Bytes)
{
    /// <summary>
    /// Whether the client sends less than its Content-Length and hangs up: the server sees the
    /// client go and owes it no answer (Kestrel aborts the request).
    /// </summary>
    public bool HangsUp { get; init; }

    public override string ToString()
    {
        var text = Encoding.UTF8.GetString(Bytes, 0, Math.Min(Bytes.Length, 600));
        return $"[{Surface}, {Bytes.Length} bytes] {text.Replace("\r\n", "⏎ ")}";
    }
}
