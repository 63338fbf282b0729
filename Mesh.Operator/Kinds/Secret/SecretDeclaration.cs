using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.Secret;

/// <summary>A core <c>v1 Secret</c> as kept: its type and its values by key (decoded from <c>data</c>'s base64).</summary>
public sealed record SecretDeclaration(string? Type, IReadOnlyDictionary<string, byte[]> Data) : IDeclarationSpec<SecretDeclaration>
{
    public static SecretDeclaration? Parse(FieldReader spec, JsonObject metadata)
    {
        var before = spec.Errors.Count;
        var type = spec.String("type");
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (spec.Object("data", "data must be a map of keys to base64 values") is { } values)
        {
            // Messages never quote a value: they may be secret.
            foreach (var (key, value) in values.Json)
            {
                var text = FieldReader.TextOf(value);
                var bytes = new byte[text?.Length ?? 0];
                if (text is not null && Convert.TryFromBase64String(text, bytes, out var length)) data[key] = bytes[..length];
                else values.Fail(key, "the value is not valid base64 (use stringData for plain text)");
            }
        }
        return spec.Errors.Count > before ? null : new(type, data);
    }
}
