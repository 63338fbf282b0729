namespace Mesh.Cli.Config;

/// <summary>One named context: where the mesh is and the token to present to it.</summary>
internal sealed class MeshContext
{
    public string Name { get; set; } = "";
    public string? Server { get; set; }
    public string? Token { get; set; }
}
