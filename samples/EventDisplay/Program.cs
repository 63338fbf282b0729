using System.Text.Json;
using CloudNative.CloudEvents.SystemTextJson;
using EventDisplay;

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
{
    builder.WebHost.UseUrls("http://localhost:8081");
}
// The events are the output: keep per-request framework logging out of it wherever the app is started from.
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Services.AddSingleton(new JsonEventFormatter());

var app = builder.Build();

app.MapPost("/", async (HttpRequest request, JsonEventFormatter formatter) =>
{
    try
    {
        foreach (var cloudEvent in await CloudEventRequest.ReadAsync(request, formatter))
        {
            // One write per event, so that concurrent requests never interleave their lines.
            Console.Out.Write(EventPrinter.Format(cloudEvent));
        }
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }
    catch (Exception e) when (e is ArgumentException or InvalidOperationException or JsonException or FormatException)
    {
        return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request is not a valid CloudEvent.", detail: e.Message);
    }
});

app.Run();
