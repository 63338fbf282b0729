using System.Reflection;

namespace Mesh.Silo.Hosting.Telemetry;

/// <summary>The mesh's version as built (informational version, without the source revision).</summary>
public static class MeshVersion
{
    public static string Text { get; } =
        (typeof(MeshVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];
}
