using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.Cli.Output;

namespace Mesh.Cli.Client;

/// <summary>Reads <c>GET /tail/{plural}/{namespace}/{name}</c>, a stream of server-sent JSON messages, until cancelled.</summary>
internal sealed class TailStream(HttpClient http, Uri server, string? token)
{
    /// <summary>The tail path's plural for what a user typed (kubectl's spellings and short names), or null.</summary>
    public static string? PluralOf(string kind) => kind.ToLowerInvariant() switch
    {
        "broker" or "brokers" or "kb" => "brokers",
        "trigger" or "triggers" or "kt" => "triggers",
        "channel" or "channels" or "ch" or "inmemorychannel" or "inmemorychannels" or "imc" => "channels",
        "subscription" or "subscriptions" or "sub" => "subscriptions",
        _ => null,
    };

    public async Task<int> FollowAsync(string plural, string ns, string name, IReadOnlyList<string> filters,
        TailPrinter printer, TextWriter error, CancellationToken ct)
    {
        var query = filters.Count == 0 ? "" : "?" + string.Join("&", filters.Select(f => "filter=" + Uri.EscapeDataString(f)));
        var path = $"tail/{plural}/{Uri.EscapeDataString(ns)}/{Uri.EscapeDataString(name)}{query}";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server, path));
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (token is not null) request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e) when (e.StatusCode is null)
        {
            throw MeshUnreachableException.For(server, isMesh: true, e);
        }
        catch (TaskCanceledException) when (ct.IsCancellationRequested)
        {
            return 0;
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound && !(await ApiResponse.ReadAsync(response, ct)).Detail.Contains("tail"))
                throw new CliException($"{plural.TrimEnd('s')} \"{name}\" not found in namespace \"{ns}\"");
            if (!response.IsSuccessStatusCode)
                throw new CliException((await ApiResponse.ReadAsync(response, ct)).Detail);
            try
            {
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
                while (await reader.ReadLineAsync(ct) is { } line)
                {
                    if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
                    var message = Parse(line[6..]);
                    if (message is null) continue;
                    if (message["kind"]?.GetValue<string>() == "ready")
                        await error.WriteLineAsync($"tailing {message["object"]} (interrupt to stop)");
                    else
                        printer.Write(message, line[6..]);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return 0;
            }
            catch (IOException) when (ct.IsCancellationRequested)
            {
                return 0;
            }
        }
        throw new CliException("the mesh closed the tail");
    }

    private static JsonObject? Parse(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
