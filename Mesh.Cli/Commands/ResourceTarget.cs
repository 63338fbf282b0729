using Mesh.Cli.Manifests;

namespace Mesh.Cli.Commands;

/// <summary>Where a document goes: its own namespace, else <c>-n</c>, else <c>default</c>.</summary>
internal sealed record ResourceTarget(string Namespace, string? Error)
{
    public const string DefaultNamespace = "default";

    public static ResourceTarget For(Manifest manifest, string? flag)
    {
        var own = manifest.Namespace;
        // Silently moving an object to another namespace than the file says would surprise; kubectl refuses too.
        if (own is not null && flag is not null && own != flag)
            return new ResourceTarget(own,
                $"the namespace from the provided object \"{own}\" does not match the namespace \"{flag}\"; pass -n {own}");
        return new ResourceTarget(own ?? flag ?? DefaultNamespace, null);
    }
}
