using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using Mesh.Cli.Client;

namespace Mesh.Cli.Config;

/// <summary>
/// The CLI's contexts file, like a kubeconfig: named contexts of a server and a token, and the
/// current one. Written with mode 0600, since it holds tokens.
/// </summary>
internal sealed class MeshConfig
{
    public string? CurrentContext { get; set; }

    public List<MeshContext> Contexts { get; set; } = [];

    public MeshContext? Find(string name) => Contexts.FirstOrDefault(c => c.Name == name);

    private static readonly IDeserializer Reader = new DeserializerBuilder()
        .WithNamingConvention(HyphenatedNamingConvention.Instance).IgnoreUnmatchedProperties().Build();

    private static readonly ISerializer Writer = new SerializerBuilder()
        .WithNamingConvention(HyphenatedNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull).Build();

    /// <summary>The file's contexts; an absent file is an empty config.</summary>
    public static MeshConfig Load(string? path)
    {
        if (path is null || !File.Exists(path)) return new MeshConfig();
        try
        {
            return Reader.Deserialize<MeshConfig?>(File.ReadAllText(path)) ?? new MeshConfig();
        }
        catch (YamlException e)
        {
            throw new CliException($"{path} is not a valid mesh config (line {e.Start.Line}): {e.Message}");
        }
        catch (IOException e)
        {
            throw new CliException($"{path} cannot be read: {e.Message}");
        }
    }

    public void Save(string? path)
    {
        if (path is null) throw new CliException($"no config file: set ${Commands.CliContext.ConfigVariable}");
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        File.WriteAllText(path, "");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(path, ToYaml());
    }

    public string ToYaml() => Writer.Serialize(this);
}
