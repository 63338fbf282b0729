using System.Text.Json;
using CloudNative.CloudEvents.SystemTextJson;

namespace Mesh.Bench;

/// <summary>R1's baseline: Kestrel that parses the CloudEvent and answers 202, nothing else.</summary>
public static class BaselineIngress
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var formatter = new JsonEventFormatter();
        var app = BenchHost.Create(args);
        app.MapPost("/{ns}/{name}", async (HttpRequest request) =>
        {
            try
            {
                await CloudEventRequest.ReadAsync(request, formatter);
                return Results.StatusCode(StatusCodes.Status202Accepted);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or JsonException or FormatException)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, detail: e.Message);
            }
        });
        await app.RunAsync();
        return 0;
    }
}
