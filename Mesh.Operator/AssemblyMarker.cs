namespace Mesh.Operator; internal static class AssemblyMarker { }
