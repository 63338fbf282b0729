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
        return await ReadUnknownLengthAsync(request, maxBytes, cancellation);
    }

    /// <summary>
    /// Reads the body into a pooled buffer, for bodies that are parsed and not kept (structured and
    /// batch mode copy out the data they keep). Dispose the result to return the buffer.
    /// </summary>
    /// <returns>The body, or null when it is longer than <paramref name="maxBytes"/>.</returns>
    public static async Task<PooledBody?> ReadPooledAsync(HttpRequest request, long maxBytes, CancellationToken cancellation)
    {
        if (request.ContentLength > maxBytes) return null;
        if (request.ContentLength is not { } length)
            return await ReadUnknownLengthAsync(request, maxBytes, cancellation) is { } whole ? new PooledBody(whole, whole.Length, pooled: false) : null;
        var buffer = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            var filled = await request.Body.ReadAtLeastAsync(buffer.AsMemory(0, (int)length), (int)length, throwOnEndOfStream: false, cancellation);
            return new PooledBody(buffer, filled, pooled: true);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static async Task<byte[]?> ReadUnknownLengthAsync(HttpRequest request, long maxBytes, CancellationToken cancellation)
    {
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
