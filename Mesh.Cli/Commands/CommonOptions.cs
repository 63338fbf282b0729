using System.CommandLine;

namespace Mesh.Cli.Commands;

/// <summary>Options shared by several commands, spelled as kubectl spells them.</summary>
internal static class CommonOptions
{
    public static Option<string?> Namespace() => new("--namespace", "-n")
    {
        Description = "The namespace (default: the object's own, else \"default\")",
    };

    public static Option<string[]> Files(string verb) => new("--filename", "-f")
    {
        Description = $"A file, a directory or - (stdin) of YAML or JSON to {verb}; repeatable",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<bool> Recursive() => new("--recursive", "-R")
    {
        Description = "Read directories given to -f recursively",
    };
}
