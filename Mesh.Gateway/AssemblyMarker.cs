namespace Mesh.Gateway; internal static class AssemblyMarker { }
