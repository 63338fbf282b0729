using Mesh.Operator.Kinds;
using Microsoft.Extensions.DependencyInjection;
using Mesh.Operator.Resources;

namespace Mesh.Tests.Deploy;

[Collection(SharedMesh.Name)]
public sealed class ManifestTests(MeshFixture fixture)
{
    public static TheoryData<string> YamlFiles() => [.. DeployFiles.Relative(DeployFiles.AllYaml())];

    public static TheoryData<string> CrdFiles() =>
        [.. DeployFiles.Relative(DeployFiles.AllYaml()).Where(f => f.StartsWith("crds/", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(YamlFiles))]
    public void Every_manifest_parses_and_each_object_has_apiVersion_kind_and_name(string file)
    {
        var documents = DeployFiles.Documents(DeployFiles.Full(file));
        documents.ShouldNotBeEmpty();
        foreach (var doc in documents)
        {
            ((string?)doc["apiVersion"]).ShouldNotBeNullOrEmpty($"{file}: an object without apiVersion");
            ((string?)doc["kind"]).ShouldNotBeNullOrEmpty($"{file}: an object without kind");
            if ((string)doc["kind"]! != "Kustomization")
                ((string?)doc["metadata"]?["name"]).ShouldNotBeNullOrEmpty($"{file}: a {doc["kind"]} without a name");
        }
    }

    [Fact]
    public void The_kustomization_lists_every_crd_and_manifest_and_nothing_missing()
    {
        var resources = DeployFiles.KustomizedFiles("").ToList();
        foreach (var resource in resources) File.Exists(DeployFiles.Full(resource)).ShouldBeTrue($"{resource} is listed but missing");
        var expected = DeployFiles.Relative(DeployFiles.AllYaml())
            .Where(f => Path.GetFileName(f) != "kustomization.yaml"
                && !f.StartsWith("samples/", StringComparison.Ordinal) && !f.StartsWith("overlays/", StringComparison.Ordinal));
        resources.ShouldBe(expected, ignoreOrder: true);
    }

    [Fact]
    public void The_beside_Knative_overlay_installs_the_base_without_CRDs_and_patches_only_objects_the_base_has()
    {
        var overlay = DeployFiles.Documents(DeployFiles.Full("overlays/beside-knative/kustomization.yaml")).Single();
        var installed = DeployFiles.KustomizedFiles("overlays/beside-knative").ToList();
        installed.ShouldNotBeEmpty();
        installed.ShouldNotContain(f => f.StartsWith("crds/", StringComparison.Ordinal));
        var baseObjects = installed.SelectMany(f => DeployFiles.Documents(DeployFiles.Full(f)))
            .Select(d => ((string?)d["kind"], (string?)d["metadata"]!["name"])).ToHashSet();
        foreach (var patch in overlay["patches"]!.AsArray().Select(p => (string)p!["path"]!))
            foreach (var doc in DeployFiles.Documents(DeployFiles.Full($"overlays/beside-knative/{patch}")))
                baseObjects.ShouldContain(((string?)doc["kind"], (string?)doc["metadata"]!["name"]), $"{patch} patches an object the base does not have");
    }

    [Theory]
    [MemberData(nameof(CrdFiles))]
    public void Every_crd_schema_is_structural_with_status_subresource_and_printer_columns(string file)
    {
        var crd = DeployFiles.Documents(DeployFiles.Full(file)).Single();
        crd["kind"]!.GetValue<string>().ShouldBe("CustomResourceDefinition");
        var names = crd["spec"]!["names"]!;
        crd["metadata"]!["name"]!.GetValue<string>().ShouldBe($"{names["plural"]}.{crd["spec"]!["group"]}");
        ((JsonArray)names["categories"]!).Select(c => (string)c!).ShouldContain("knative");
        foreach (var version in (JsonArray)crd["spec"]!["versions"]!)
        {
            var schema = version!["schema"]!["openAPIV3Schema"]!.AsObject();
            OpenApiSchema.StructuralProblems(schema).ShouldBeEmpty($"{file} is not structural");
            version["subresources"]!["status"].ShouldNotBeNull($"{file} has no status subresource");
            var columns = ((JsonArray)version["additionalPrinterColumns"]!).Select(c => (string)c!["name"]!).ToList();
            columns.ShouldContain("Ready");
            columns.ShouldContain("Reason");
            columns.ShouldContain("Age");
        }
    }

    [Fact]
    public void There_is_a_crd_for_every_custom_kind_the_mesh_serves_with_its_group_version_and_plural()
    {
        var crds = DeployFiles.Crds();
        // RBAC is the cluster's own in Kubernetes mode, and so are the kinds the mesh stores but does not run.
        var kinds = fixture.Mesh.Services.GetRequiredService<KindRegistry>().All.Where(k => !k.IsStoredOnly).Select(k => k.Kind)
            .Where(k => k.Group.Length > 0 && !Mesh.Operator.Auth.Rbac.RbacKinds.Contains(k))
            .ToList();
        kinds.Count.ShouldBeGreaterThanOrEqualTo(9);
        foreach (var kind in kinds)
        {
            crds.TryGetValue((kind.ApiVersion, kind.Kind), out var crd).ShouldBeTrue($"no CRD for {kind.ApiVersion} {kind.Kind}");
            crd!["spec"]!["names"]!["plural"]!.GetValue<string>().ShouldBe(kind.Plural);
            crd["spec"]!["scope"]!.GetValue<string>().ShouldBe("Namespaced");
        }
    }

    [Fact]
    public void The_validator_rejects_what_the_api_server_would()
    {
        var crd = DeployFiles.Crds()[("eventing.knative.dev/v1", "Trigger")];
        var schema = crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.AsObject();
        var trigger = JsonNode.Parse("""
            {"apiVersion":"eventing.knative.dev/v1","kind":"Trigger","metadata":{"name":"t"},
             "spec":{"broker":"b","subscriber":{"uri":7},"delivery":{"retry":-1,"backoffPolicy":"random"},"colour":"red"}}
            """)!;
        var errors = OpenApiSchema.Validate(trigger, schema);
        errors.ShouldContain(e => e.StartsWith("spec.subscriber.uri: expected string"));
        errors.ShouldContain(e => e.StartsWith("spec.delivery.retry: below the minimum"));
        errors.ShouldContain(e => e.StartsWith("spec.delivery.backoffPolicy:"));
        errors.ShouldContain("spec.colour: unknown field");
    }
}
