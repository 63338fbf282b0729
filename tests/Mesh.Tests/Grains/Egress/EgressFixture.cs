using Mesh.Grains.Egress;
using Mesh.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mesh.Tests.Grains.Egress;

/// <summary>One mesh whose DNS the tests control, with 127.0.0.2 denied, a subscriber and a dead-letter sink.</summary>
public sealed class EgressFixture : IAsyncLifetime
{
    public MeshHost Mesh { get; private set; } = null!;
    public MutableHostResolver Dns { get; } = new();
    public RecordingSubscriber Subscriber { get; private set; } = null!;
    public RecordingSubscriber DeadLetters { get; private set; } = null!;

    public int SiloPort => Mesh.Services.GetRequiredService<IOptions<MeshOptions>>().Value.SiloPort;
    public int GatewayPort => Mesh.Services.GetRequiredService<IOptions<MeshOptions>>().Value.GatewayPort;

    public async Task InitializeAsync()
    {
        Subscriber = await RecordingSubscriber.StartAsync();
        DeadLetters = await RecordingSubscriber.StartAsync();
        Mesh = await MeshHost.StartAsync(new Dictionary<string, string?> { ["Mesh:Egress:Deny:0"] = "127.0.0.2/32" },
            services: s => s.AddSingleton<IHostResolver>(Dns));
    }

    public async Task DisposeAsync()
    {
        await Mesh.DisposeAsync();
        await Subscriber.DisposeAsync();
        await DeadLetters.DisposeAsync();
    }
}
