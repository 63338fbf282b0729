using Mesh.Operator.Auth.Rbac;

namespace Mesh.Operator.Auth.Access;

/// <summary>Which user was refused what, kept on the request for the 403 answer.</summary>
public sealed record AccessDenial(MeshUser User, AccessRequest Request)
{
    private const string ItemKey = "mesh.access.denial";

    public static AccessDenial? Of(HttpContext context) => context.Items.TryGetValue(ItemKey, out var value) ? value as AccessDenial : null;

    public void AttachTo(HttpContext context) => context.Items[ItemKey] = this;
}
