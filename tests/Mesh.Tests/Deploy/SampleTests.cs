using Mesh.Declarations;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Mesh.Operator.Resources;

namespace Mesh.Tests.Deploy;

/// <summary>The samples are what users copy: each object validates against its CRD and applies unchanged to the local mesh.</summary>
public sealed class SampleTests(SampleTests.Mesh mesh) : IClassFixture<SampleTests.Mesh>
{
    /// <summary>Kinds in the samples that the mesh on this branch does not serve yet, and why.</summary>
    private static readonly Dictionary<string, string> NotServedHere = new()
    {
    };

    public static TheoryData<string> Samples() =>
        [.. DeployFiles.Relative(DeployFiles.AllYaml()).Where(f => f.StartsWith("samples/", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_sample_object_validates_against_its_crd_schema(string file)
    {
        var crds = DeployFiles.Crds();
        foreach (var doc in DeployFiles.Documents(DeployFiles.Full(file)))
        {
            var key = ((string)doc["apiVersion"]!, (string)doc["kind"]!);
            if (key.Item1 == "v1") continue; // core kinds: the API server's own schema
            crds.TryGetValue(key, out var crd).ShouldBeTrue($"{file}: no CRD defines {key}");
            var schema = crd!["spec"]!["versions"]!.AsArray().Single(v => $"{crd["spec"]!["group"]}/{v!["name"]}" == key.Item1)!["schema"]!["openAPIV3Schema"]!.AsObject();
            OpenApiSchema.Validate(doc, schema).ShouldBeEmpty($"{file}: {key.Item2} {doc["metadata"]!["name"]}");
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Every_sample_applies_unchanged_through_the_local_resource_api(string file)
    {
        foreach (var text in YamlTexts(File.ReadAllText(DeployFiles.Full(file))))
        {
            var doc = DocumentReader.ReadYaml(text)[0]!.AsObject();
            var apiVersion = (string)doc["apiVersion"]!;
            var kind = (string)doc["kind"]!;
            var response = await mesh.Host.Http.PutAsync(PathOf(doc), Body(text));
            if (NotServedHere.ContainsKey($"{apiVersion}/{kind}"))
            {
                // When this fails, the kind is served now: take it off the list above.
                response.StatusCode.ShouldBe(HttpStatusCode.NotFound, $"{kind} is served now; remove it from NotServedHere");
                continue;
            }
            var body = await response.Content.ReadAsStringAsync();
            response.IsSuccessStatusCode.ShouldBeTrue($"{file}: {kind} {doc["metadata"]!["name"]} was refused: {body}");
        }
    }

    private static string PathOf(JsonObject doc)
    {
        var apiVersion = (string)doc["apiVersion"]!;
        var prefix = apiVersion.Contains('/') ? $"/apis/{apiVersion}" : $"/api/{apiVersion}";
        var plural = ((string)doc["kind"]!).ToLowerInvariant() + "s";
        return $"{prefix}/namespaces/{doc["metadata"]!["namespace"] ?? "default"}/{plural}/{doc["metadata"]!["name"]}";
    }

    /// <summary>Each document's own text, so that what is applied is the YAML as written.</summary>
    private static IEnumerable<string> YamlTexts(string file) =>
        Regex.Split(file, @"^---\s*$", RegexOptions.Multiline)
            .Where(text => DocumentReader.ReadYaml(text).FirstOrDefault() is JsonObject);

    private static StringContent Body(string yaml)
    {
        var content = new StringContent(yaml, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
        return content;
    }

    public sealed class Mesh : IAsyncLifetime
    {
        public MeshHost Host { get; private set; } = null!;
        public async Task InitializeAsync() => Host = await MeshHost.StartAsync();
        public async Task DisposeAsync() => await Host.DisposeAsync();
    }
}
