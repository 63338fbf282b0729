namespace Mesh.Operator.Kinds.Secret;

/// <summary>A Secret's decoded values by key.</summary>
/// <param name="Version">Changes whenever the Secret does (a generation, or a resourceVersion), so that a changed value can be told apart.</param>
public sealed record SecretData(IReadOnlyDictionary<string, byte[]> Data, string Version)
{
    // Never print the values.
    public override string ToString() => $"SecretData({Data.Count} key(s), version {Version})";
}
