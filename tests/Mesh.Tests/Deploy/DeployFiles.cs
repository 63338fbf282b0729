using Mesh.Declarations;

namespace Mesh.Tests.Deploy;

/// <summary>The repository's <c>deploy/</c> folder, found by walking up from the test binaries, and its YAML read as JSON.</summary>
public static class DeployFiles
{
    private static readonly Lazy<string> Root = new(Locate);

    public static string Directory => Root.Value;

    public static IEnumerable<string> AllYaml() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.yaml", SearchOption.AllDirectories).Order();

    /// <summary>Every non-empty document of a file, parsed the way the mesh parses YAML.</summary>
    public static IReadOnlyList<JsonObject> Documents(string path) =>
        [.. DocumentReader.ReadYaml(File.ReadAllText(path)).OfType<JsonObject>()];

    public static IEnumerable<string> Relative(IEnumerable<string> paths) =>
        paths.Select(p => Path.GetRelativePath(Directory, p).Replace('\\', '/'));

    public static string Full(string relative) => Path.Combine(Directory, relative);

    /// <summary>The CRDs, keyed by apiVersion and kind of the objects they define.</summary>
    public static IReadOnlyDictionary<(string ApiVersion, string Kind), JsonObject> Crds() =>
        System.IO.Directory.EnumerateFiles(Path.Combine(Directory, "crds"), "*.yaml")
            .SelectMany(Documents)
            .SelectMany(crd => ((JsonArray)crd["spec"]!["versions"]!).Select(v => (crd, version: v!.AsObject())))
            .ToDictionary(
                x => ($"{x.crd["spec"]!["group"]}/{x.version["name"]}", (string)x.crd["spec"]!["names"]!["kind"]!),
                x => x.crd);

    /// <summary>
    /// The files a kustomization directory (relative to <c>deploy/</c>) installs, following the
    /// directories it lists as resources, relative to <c>deploy/</c>.
    /// </summary>
    public static IEnumerable<string> KustomizedFiles(string directory)
    {
        var kustomization = Documents(Full(Path.Combine(directory, "kustomization.yaml"))).Single();
        foreach (var resource in (kustomization["resources"] as JsonArray ?? []).Select(r => (string)r!))
        {
            var path = Path.GetRelativePath(Directory, Path.GetFullPath(Path.Combine(Directory, directory, resource))).Replace('\\', '/');
            if (System.IO.Directory.Exists(Full(path))) foreach (var file in KustomizedFiles(path)) yield return file;
            else yield return path;
        }
    }

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "deploy");
            if (File.Exists(Path.Combine(candidate, "kustomization.yaml"))) return candidate;
        }
        throw new DirectoryNotFoundException($"No deploy/kustomization.yaml in {AppContext.BaseDirectory} or above it.");
    }
}
