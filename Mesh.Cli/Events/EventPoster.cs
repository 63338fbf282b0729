using Mesh.Cli.Client;
using Mesh.Cli.Commands;

namespace Mesh.Cli.Events;

/// <summary>Posts a built event and reports the answer: <c>sent: 202</c>, or the problem the receiver described.</summary>
internal static class EventPoster
{
    public static async Task<int> PostAsync(CliContext context, HttpRequestMessage request, Uri target, CancellationToken ct)
    {
        ApiResponse response;
        try
        {
            using var answer = await context.Http.SendAsync(request, ct);
            response = await ApiResponse.ReadAsync(answer, ct);
        }
        catch (HttpRequestException e) when (e.StatusCode is null)
        {
            throw MeshUnreachableException.For(target, isMesh: false, e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw MeshUnreachableException.For(target, isMesh: false, e);
        }

        await context.Out.WriteLineAsync($"sent: {(int)response.Status}");
        if (response.IsSuccess)
            return 0;
        await context.Error.WriteLineAsync($"error: {response.Detail}");
        foreach (var detail in response.FieldErrors)
            await context.Error.WriteLineAsync($"  {detail}");
        return 1;
    }
}
