using System.Buffers;

namespace Mesh.Gateway.Ingress;

/// <summary>A request body in a buffer that may belong to the shared pool: valid until disposed.</summary>
internal sealed class PooledBody(byte[] buffer, int length, bool pooled) : IDisposable
{
    private byte[]? _buffer = buffer;

    public ReadOnlyMemory<byte> Memory => (_buffer ?? throw new ObjectDisposedException(nameof(PooledBody))).AsMemory(0, length);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } returned && pooled) ArrayPool<byte>.Shared.Return(returned);
    }
}
