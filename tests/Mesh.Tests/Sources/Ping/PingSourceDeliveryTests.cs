using System.Text;

namespace Mesh.Tests.Sources.Ping;

public sealed class PingSourceDeliveryTests : IAsyncLifetime
{
    private MeshHost _mesh = null!;
    private RecordingSubscriber _sink = null!;

    public async Task InitializeAsync()
    {
        _mesh = await MeshHost.StartAsync();
        _sink = await RecordingSubscriber.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _sink.DisposeAsync();
        await _mesh.DisposeAsync();
    }

    [Fact]
    public async Task Seconds_schedule_delivers_one_event_per_tick_and_restart_fires_no_tick_twice()
    {
        await _mesh.MustApplyAsync($$"""
            apiVersion: sources.knative.dev/v1
            kind: PingSource
            metadata: { name: every-second, namespace: ping }
            spec:
              schedule: "*/1 * * * * *"
              contentType: application/json
              data: '{"message": "Hello world!"}'
              ceOverrides: { extensions: { team: blue } }
              sink: { uri: "{{_sink.Url}}" }
            """);
        await _mesh.WaitReadyAsync("/apis/sources.knative.dev/v1/namespaces/ping/pingsources/every-second");
        await _sink.WaitForCountAsync(2);

        var first = _sink.Received[0];
        Assert.Equal("dev.knative.sources.ping", first.Ce("type"));
        Assert.Equal("/apis/v1/namespaces/ping/pingsources/every-second", first.Ce("source"));
        Assert.Equal("blue", first.Ce("team"));
        Assert.Equal("application/json", first.Header("content-type"));
        Assert.Equal("""{"message": "Hello world!"}""", Encoding.UTF8.GetString(first.Body));
        Assert.True(Guid.TryParse(first.Ce("id"), out _), first.Ce("id"));
        var time = DateTimeOffset.Parse(first.Ce("time")!);
        Assert.Equal(0, time.Millisecond);
        // A sink is not a subscriber: nothing it answers is used as a reply, so none is asked for.
        Assert.Null(first.Header("prefer"));

        await _mesh.RestartAsync();
        var before = _sink.Received.Count;
        await _sink.WaitForCountAsync(before + 2);

        var times = _sink.Received.Select(r => r.Ce("time")).ToList();
        Assert.Equal(times.Count, times.Distinct().Count());
        Assert.Equal(_sink.Received.Count, _sink.Received.Select(r => r.Ce("id")).Distinct().Count());
    }
}
