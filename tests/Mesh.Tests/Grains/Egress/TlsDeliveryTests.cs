using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Tests.Grains.Egress;

/// <summary>
/// Delivery to https destinations honours Knative's CACerts: a destination that declares them is
/// trusted only if its certificate chains to them, whatever else shares its address.
/// </summary>
public sealed class TlsDeliveryTests : IAsyncLifetime
{
    private readonly X509Certificate2 _authority = TestCertificates.CreateAuthority("mesh-test-ca-a");
    private readonly X509Certificate2 _otherAuthority = TestCertificates.CreateAuthority("mesh-test-ca-b");
    private MeshHost _mesh = null!;
    private RecordingSubscriber _subscriber = null!;
    private RecordingSubscriber _deadLetters = null!;

    public async Task InitializeAsync()
    {
        _subscriber = await RecordingSubscriber.StartAsync(certificate: TestCertificates.IssueServer(_authority));
        _deadLetters = await RecordingSubscriber.StartAsync();
        _mesh = await MeshHost.StartAsync();
        await _mesh.MustApplyAsync("""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: default, namespace: tls }
            """);
    }

    [Fact]
    public async Task An_https_subscriber_is_reached_when_its_certificate_chains_to_the_declared_CACerts()
    {
        _subscriber.Url.Scheme.ShouldBe("https");
        await ApplyTriggerAsync("trusted", _authority);
        await _mesh.SendEventAsync("/tls/default", "over-tls", "dev.mesh.trusted");
        await Eventually.TrueAsync(() => _subscriber.Received.Any(r => r.Path == "/trusted" && r.Ce("id") == "over-tls"), "the event over TLS");
        var trigger = await _mesh.GetAsync("/apis/eventing.knative.dev/v1/namespaces/tls/triggers/trusted");
        ((string?)trigger!["status"]!["subscriberCACerts"])!.TrimEnd().ShouldBe(_authority.ExportCertificatePem().TrimEnd());
    }

    [Fact]
    public async Task Another_CA_or_none_is_not_trusted_even_beside_a_destination_that_trusts_the_right_one()
    {
        // The right CA first, so that a connection to the same address already exists in another client.
        await ApplyTriggerAsync("trusted", _authority);
        await ApplyTriggerAsync("other-ca", _otherAuthority);
        await ApplyTriggerAsync("system-trust", null);
        await _mesh.SendEventAsync("/tls/default", "first", "dev.mesh.trusted");
        await Eventually.TrueAsync(() => _subscriber.Received.Any(r => r.Path == "/trusted"), "the trusted delivery");

        await _mesh.SendEventAsync("/tls/default", "wrong-ca", "dev.mesh.other-ca");
        await _mesh.SendEventAsync("/tls/default", "no-ca", "dev.mesh.system-trust");
        await Eventually.TrueAsync(() => _deadLetters.Received.Count(r => r.Path is "/other-ca" or "/system-trust") >= 2, "both refused deliveries dead-lettered");
        _subscriber.Received.ShouldNotContain(r => r.Path == "/other-ca" || r.Path == "/system-trust");
        ReceivedEvent.From(_deadLetters.Received.First(r => r.Path == "/other-ca"))["knativeerrorcode"].ShouldBeNull();
    }

    private async Task ApplyTriggerAsync(string name, X509Certificate2? trusted)
    {
        var caCerts = trusted is null ? "" : $"\n    CACerts: |\n{Indent(trusted.ExportCertificatePem(), 6)}";
        await _mesh.MustApplyAsync($$"""
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: { name: {{name}}, namespace: tls }
            spec:
              broker: default
              filter: { attributes: { type: dev.mesh.{{name}} } }
              subscriber:
                uri: "{{_subscriber.Url}}{{name}}"{{caCerts}}
              delivery:
                retry: 0
                deadLetterSink: { uri: "{{_deadLetters.Url}}{{name}}" }
            """);
        await _mesh.WaitReadyAsync($"/apis/eventing.knative.dev/v1/namespaces/tls/triggers/{name}");
    }

    private static string Indent(string text, int spaces) =>
        string.Join('\n', text.TrimEnd().Split('\n').Select(line => new string(' ', spaces) + line));

    public async Task DisposeAsync()
    {
        await _mesh.DisposeAsync();
        await _subscriber.DisposeAsync();
        await _deadLetters.DisposeAsync();
    }
}
