namespace Mesh.Grains.Senders;

/// <summary>
/// Sender authentication at broker and channel ingress, bound from <c>Mesh:Auth</c>
/// (<c>Mesh:Auth:Senders:*</c> and <c>Mesh:Auth:DefaultAuthorization</c>).
/// </summary>
public sealed class SenderAuthOptions
{
    public const string Section = "Mesh:Auth";

    public const string AllowAll = "allow-all";
    public const string AllowSameNamespace = "allow-same-namespace";
    public const string DenyAll = "deny-all";

    /// <summary>
    /// What decides for a broker or channel no EventPolicy applies to, as Knative's
    /// <c>default-authorization-mode</c>: <c>allow-all</c>, <c>allow-same-namespace</c> (subjects
    /// <c>system:serviceaccount:{namespace}:*</c>) or <c>deny-all</c>. Default <c>allow-all</c>.
    /// </summary>
    public string DefaultAuthorization { get; set; } = AllowAll;

    public SenderSettings Senders { get; set; } = new();

    /// <summary>Whether a target no policy applies to still needs a token (to know who sends).</summary>
    public bool TokenRequiredWithoutPolicy => Senders.Required || DefaultAuthorization != AllowAll;
}
