namespace Mesh.Tests.Gateway.Senders;

/// <summary>A test OIDC issuer and a mesh that trusts it for senders, with the settings a test class adds; shared by the class.</summary>
public abstract class SenderMesh : IAsyncLifetime
{
    public TestOidcIssuer Issuer { get; private set; } = null!;
    public MeshHost Mesh { get; private set; } = null!;
    public RecordingSubscriber Subscriber { get; private set; } = null!;

    protected abstract IDictionary<string, string?> Settings { get; }

    public async Task InitializeAsync()
    {
        Issuer = await TestOidcIssuer.StartAsync();
        Subscriber = await RecordingSubscriber.StartAsync();
        var settings = new Dictionary<string, string?>(Settings) { ["Mesh:Auth:Senders:Issuers:0"] = Issuer.Issuer };
        Mesh = await MeshHost.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await Mesh.DisposeAsync();
        await Subscriber.DisposeAsync();
        await Issuer.DisposeAsync();
    }
}
