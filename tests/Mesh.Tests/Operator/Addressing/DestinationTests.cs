using Mesh.Operator.Addressing;
using Mesh.Operator.Resources;

namespace Mesh.Tests.Operator.Addressing;

public sealed class DestinationTests
{
    [Theory]
    [InlineData("""{"uri": "http://svc.example/path"}""")]
    [InlineData("""{"ref": {"apiVersion": "v1", "kind": "Service", "name": "svc"}}""")]
    [InlineData("""{"ref": {"apiVersion": "eventing.knative.dev/v1", "kind": "Broker", "name": "b"}, "uri": "extra/path"}""")]
    [InlineData("""{"ref": {"apiVersion": "eventing.knative.dev/v1", "kind": "Broker", "name": "b", "namespace": "other"}}""")]
    public void Valid_destinations_have_no_errors(string json)
    {
        Validate(json, required: true).ShouldBeEmpty();
    }

    [Fact]
    public void A_missing_required_destination_names_its_path()
    {
        Validate(null, required: true).ShouldBe(["spec.subscriber"]);
    }

    [Fact]
    public void A_missing_optional_destination_is_fine()
    {
        Validate(null, required: false).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{}""", "spec.subscriber")]
    [InlineData("""  "http://x/"  """, "spec.subscriber")]
    [InlineData("""{"uri": "relative/path"}""", "spec.subscriber.uri")]
    [InlineData("""{"uri": ""}""", "spec.subscriber.uri")]
    [InlineData("""{"uri": 42}""", "spec.subscriber.uri")]
    [InlineData("""{"ref": "broker"}""", "spec.subscriber.ref")]
    [InlineData("""{"ref": {"apiVersion": "v1", "kind": "Service"}}""", "spec.subscriber.ref.name")]
    [InlineData("""{"ref": {"kind": "Service", "name": "s"}}""", "spec.subscriber.ref.apiVersion")]
    [InlineData("""{"ref": {"apiVersion": "v1", "name": "s"}}""", "spec.subscriber.ref.kind")]
    public void Invalid_destinations_name_the_field_at_fault(string json, string field)
    {
        Validate(json, required: true).ShouldBe([field]);
    }

    private static string[] Validate(string? json, bool required)
    {
        var errors = new FieldErrors();
        Destination.Parse(json is null ? null : JsonNode.Parse(json), "spec.subscriber", errors, required);
        return [.. errors.Items.Select(e => e.Field)];
    }
}
