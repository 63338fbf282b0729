using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Http;
using CloudNative.CloudEvents.SystemTextJson;

namespace Mesh.Bench;

/// <summary>
/// R2's baseline: parse the CloudEvent, forward it in binary mode with one shared HttpClient,
/// answer 202 once the sink has answered. With <c>--fanout N</c> (R3's baseline) it makes N such
/// POSTs per event at once, as N triggers would, and answers once all N are answered.
/// </summary>
public static class BaselineForwarder
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var sink = new Uri(args.Require("sink"));
        var fanout = (int)args.GetNumber("fanout", 1);
        if (fanout < 1) throw new ArgumentException("--fanout must be at least 1.");
        var formatter = new JsonEventFormatter();
        using var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(10),
        };

        var app = BenchHost.Create(args);
        app.MapPost("/{ns}/{name}", async (HttpRequest request, CancellationToken cancellation) =>
        {
            IReadOnlyList<CloudEvent> events;
            try
            {
                events = await CloudEventRequest.ReadAsync(request, formatter);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or JsonException or FormatException)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, detail: e.Message);
            }

            foreach (var cloudEvent in events)
            {
                var sends = new Task<bool>[fanout];
                for (var i = 0; i < fanout; i++) sends[i] = ForwardAsync(cloudEvent, cancellation);
                if ((await Task.WhenAll(sends)).Contains(false)) return Results.StatusCode(StatusCodes.Status502BadGateway);
            }
            return Results.StatusCode(StatusCodes.Status202Accepted);
        });
        await app.RunAsync();
        return 0;

        async Task<bool> ForwardAsync(CloudEvent cloudEvent, CancellationToken cancellation)
        {
            using var content = cloudEvent.ToHttpContent(ContentMode.Binary, formatter);
            try
            {
                using var response = await client.PostAsync(sink, content, cancellation);
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }
    }
}
