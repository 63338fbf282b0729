namespace Mesh.Grains.Identity;

/// <summary>The base URL the mesh advertises (<c>Mesh:PublicBaseUrl</c>, or the first address it listens on).</summary>
public interface IMeshBaseAddress
{
    string BaseUrl { get; }
}
