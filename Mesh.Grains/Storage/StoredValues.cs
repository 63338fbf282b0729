using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;

namespace Mesh.Grains.Storage;

/// <summary>
/// Whether a value about to be stored is the one already stored. Specs are records, but records
/// holding dictionaries and arrays compare those by reference, so a spec read back from storage
/// never equals the same spec sent again: every restart rewrote every trigger's state.
/// </summary>
public static class StoredValues
{
    /// <summary>Compares what the two serialize to (JSON, every public property).</summary>
    public static bool Same<T>(T? stored, T? next) where T : class =>
        ReferenceEquals(stored, next)
        || (stored is not null && next is not null && JsonSerializer.Serialize(stored) == JsonSerializer.Serialize(next));

    /// <summary>
    /// A 64-bit digest of what <paramref name="value"/> serializes to, for telling "the same as
    /// stored" without the stored value at hand (a router vouching for its triggers' specs). Stable
    /// across processes; a change of serialized form between versions only makes values look changed.
    /// </summary>
    public static long Fingerprint<T>(T value) where T : class =>
        BinaryPrimitives.ReadInt64LittleEndian(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(value)));
}
