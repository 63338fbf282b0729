using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mesh.Bench;

/// <summary>
/// The control-plane load: applies N triggers to one broker through the resource API, P at a time,
/// each with a filter no event matches, and prints a JSON summary: how long the applies took, how
/// many came back Ready (an apply answers once its object is reconciled) and the slowest apply.
/// </summary>
public static class TriggerApply
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var mesh = new Uri(args.Require("mesh"));
        var (ns, broker) = Split(args.Get("broker", "bench/default"));
        var count = (int)args.GetNumber("count", 10_000);
        var parallel = (int)args.GetNumber("parallel", 4);
        var first = (int)args.GetNumber("first", 0);
        var sink = args.Require("sink");
        var prefix = args.Get("prefix", "idle");

        using var client = new HttpClient { BaseAddress = mesh, Timeout = TimeSpan.FromMinutes(2) };
        long next = first - 1, ready = 0, failed = 0, slowestTicks = 0;
        var clock = Stopwatch.StartNew();

        async Task WorkerAsync()
        {
            int i;
            while ((i = (int)Interlocked.Increment(ref next)) < first + count)
            {
                var name = $"{prefix}-{i.ToString(CultureInfo.InvariantCulture)}";
                var started = Stopwatch.GetTimestamp();
                using var response = await client.PutAsJsonAsync(
                    $"/apis/eventing.knative.dev/v1/namespaces/{ns}/triggers/{name}", Trigger(ns, name, broker, $"dev.mesh.{prefix}.{i}", sink));
                var elapsed = Stopwatch.GetTimestamp() - started;
                InterlockedMax(ref slowestTicks, elapsed);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failed);
                    Console.Error.WriteLine($"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    continue;
                }
                if (IsReady(await response.Content.ReadFromJsonAsync<JsonObject>())) Interlocked.Increment(ref ready);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Task.Run(WorkerAsync)));
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            applied = count - failed,
            ready,
            failed,
            seconds,
            appliesPerSecond = count / seconds,
            slowestApplyMs = Stopwatch.GetElapsedTime(0, slowestTicks).TotalMilliseconds,
        }));
        return failed == 0 ? 0 : 1;
    }

    private static JsonObject Trigger(string ns, string name, string broker, string type, string sink) => new()
    {
        ["apiVersion"] = "eventing.knative.dev/v1",
        ["kind"] = "Trigger",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["broker"] = broker,
            ["filter"] = new JsonObject { ["attributes"] = new JsonObject { ["type"] = type } },
            ["subscriber"] = new JsonObject { ["uri"] = sink },
        },
    };

    private static bool IsReady(JsonObject? trigger) =>
        trigger?["status"]?["conditions"] is JsonArray conditions
        && conditions.Any(c => (string?)c?["type"] == "Ready" && (string?)c?["status"] == "True");

    private static (string, string) Split(string namespacedName)
    {
        var slash = namespacedName.IndexOf('/');
        if (slash <= 0) throw new ArgumentException("--broker is namespace/name.");
        return (namespacedName[..slash], namespacedName[(slash + 1)..]);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while (value > (current = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
