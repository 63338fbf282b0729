using System.Buffers;

namespace Mesh.Gateway.Ingress;

/// <summary>Reads a request body whole, but never more than a limit, whatever the request claims.</summary>
internal static class RequestBody
{
    /// <returns>The body, or null when it is longer than <paramref name="maxBytes"/>.</returns>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellation)
    {
        if (request.ContentLength > maxBytes) return null;
        // With a Content-Length (the common case) read straight into an array of that size.
        if (request.ContentLength is { } length)
        {
            var exact = new byte[length];
            var filled = await request.Body.ReadAtLeastAsync(exact, exact.Length, throwOnEndOfStream: false, cancellation);
            return filled == exact.Length ? exact : exact[..filled];
        }
        using var buffer = new MemoryStream(1024);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellation)) > 0)
            {
                if (buffer.Length + read > maxBytes) return null;
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return buffer.ToArray();
    }
}
