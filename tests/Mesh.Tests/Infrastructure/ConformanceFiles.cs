namespace Mesh.Tests.Infrastructure;

/// <summary>
/// Finds the third-party conformance material (<c>shared/conformance</c>) by walking up from the
/// test's base directory: beside the worktree locally, beside the repository clone in CI.
/// </summary>
public static class ConformanceFiles
{
    private static readonly Lazy<string> Root = new(Locate);

    public static string Directory => Root.Value;

    public static string PathOf(string relativePath) => Path.Combine(Directory, relativePath);

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "conformance");
            if (System.IO.Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException(
            $"No shared/conformance folder in {AppContext.BaseDirectory} or any directory above it.");
    }
}
