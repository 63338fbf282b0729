using System.Text.Encodings.Web;
using System.Text.Json;
using Mesh.Tests.Faults;

namespace Mesh.Tests.Upgrade;

/// <summary>The loopback ports a fixture's stored URIs name.</summary>
public sealed record FixturePorts(int Mesh, int Subscribers, int GitHub);

/// <summary>
/// What a fixture directory holds besides the data files (<c>manifest.json</c>): which commit made
/// it and how, the declarations as that mesh answered them, the events its journal still owes, and
/// the journal's rows per consumer (rows owed, rows with a retry scheduled).
/// </summary>
public sealed record FixtureManifest(
    string Commit,
    bool ProductTreeClean,
    string Command,
    DateTimeOffset MadeAt,
    FixturePorts Ports,
    JsonArray Declarations,
    FixtureEvent[] Owed,
    IReadOnlyDictionary<string, OwedRows> Journal)
{
    public const string FileName = "manifest.json";

    /// <summary>The data files a fixture carries: the mesh's data directory, checkpointed.</summary>
    public static readonly string[] DataFiles = ["mesh.db", "journal.db"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Root => Path.Combine(SiloSettings.RepositoryRoot, "tests", "Mesh.Tests", "Upgrade", "Fixtures");

    /// <summary>The names of the committed fixtures, oldest first (names start with the date).</summary>
    public static IEnumerable<string> Names() =>
        Directory.Exists(Root)
            ? Directory.EnumerateDirectories(Root).Where(d => File.Exists(Path.Combine(d, FileName))).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal)
            : [];

    public static FixtureManifest Read(string name) =>
        JsonSerializer.Deserialize<FixtureManifest>(File.ReadAllText(Path.Combine(Root, name, FileName)), Json)
            ?? throw new InvalidDataException($"{name}/{FileName} is empty");

    public void Write(string directory) => File.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, Json) + "\n");

    /// <summary>The resource API path of a stored object, as <see cref="ResourceApi"/> builds it.</summary>
    public static string PathOf(JsonNode declaration)
    {
        var apiVersion = (string)declaration["apiVersion"]!;
        var prefix = apiVersion.Contains('/') ? $"/apis/{apiVersion}" : $"/api/{apiVersion}";
        var plural = ((string)declaration["kind"]!).ToLowerInvariant() + "s";
        return $"{prefix}/namespaces/{declaration["metadata"]!["namespace"]}/{plural}/{declaration["metadata"]!["name"]}";
    }
}
