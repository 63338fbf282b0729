using System.Text.RegularExpressions;
using Mesh.Cli.Client;

namespace Mesh.Cli.Events;

/// <summary>Parses <c>--extension name=value</c> and checks names against the CloudEvents naming rules.</summary>
internal static partial class ExtensionArguments
{
    /// <summary>The spec recommends names of at most 20 characters; longer ones get a warning, not a refusal.</summary>
    public const int RecommendedMaxLength = 20;

    private static readonly HashSet<string> CoreAttributes =
        ["specversion", "id", "source", "type", "time", "subject", "datacontenttype", "dataschema", "data", "data_base64"];

    public static IReadOnlyList<KeyValuePair<string, string>> Parse(IEnumerable<string> arguments, TextWriter warnings)
    {
        var parsed = new List<KeyValuePair<string, string>>();
        foreach (var argument in arguments)
        {
            var equals = argument.IndexOf('=');
            if (equals <= 0)
                throw new CliException($"--extension \"{argument}\" must be name=value");
            var name = argument[..equals];
            if (!ValidName().IsMatch(name))
                throw new CliException($"extension name \"{name}\" must use only lowercase letters a-z and digits 0-9");
            if (CoreAttributes.Contains(name))
                throw new CliException($"\"{name}\" is a core CloudEvents attribute, not an extension; use its own option");
            if (parsed.Any(p => p.Key == name))
                throw new CliException($"extension \"{name}\" is given twice");
            if (name.Length > RecommendedMaxLength)
                warnings.WriteLine($"warning: extension name \"{name}\" is longer than the recommended {RecommendedMaxLength} characters");
            parsed.Add(new(name, argument[(equals + 1)..]));
        }
        return parsed;
    }

    [GeneratedRegex("^[a-z0-9]+$")]
    private static partial Regex ValidName();
}
