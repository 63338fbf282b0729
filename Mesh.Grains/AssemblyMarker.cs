namespace Mesh.Grains; internal static class AssemblyMarker { }
