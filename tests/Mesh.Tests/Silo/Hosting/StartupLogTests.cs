using System.Diagnostics;
using System.Text.Json;
using Mesh.Tests.Faults;
using Mesh.Tests.Infrastructure;

namespace Mesh.Tests.Silo.Hosting;

/// <summary>The console of the built Mesh.Silo as a person starts it: its own settings, nothing added by the tests.</summary>
[Trait("Category", "Slow")]
public sealed class StartupLogTests
{
    [Fact]
    public async Task Start_up_prints_one_short_block_and_no_per_call_library_lines()
    {
        var (output, port) = await RunAsync();

        output.ShouldContain("is running");
        output.ShouldContain("mode:       embedded, memory");
        output.ShouldContain($"listening:  http://127.0.0.1:{port}");
        output.ShouldContain($"topology:   http://127.0.0.1:{port}/ui");
        output.ShouldContain($"ingress:    http://127.0.0.1:{port}/{{namespace}}/{{broker}}");
        output.ShouldContain("dashboard:  off");
        output.ShouldContain("data:       /");
        // What Mesh.Silo.csproj chose; server GC here means its setting stopped taking effect.
        output.ShouldContain("runtime:    .NET 10");
        output.ShouldContain("workstation GC (concurrent)");
        output.ShouldNotContain("Polly");
        output.ShouldNotContain("Execution attempt");
        output.ShouldNotContain("Configuration Orleans.");
        // The mesh runs workstation GC on purpose (Mesh.Silo.csproj); Orleans' advice against it is not news.
        output.ShouldNotContain("ServerGC");
        output.Split('\n').Count(l => l.StartsWith("info:")).ShouldBe(1, output);
    }

    [Fact]
    public async Task The_json_console_formatter_writes_one_json_object_per_line()
    {
        var (output, port) = await RunAsync("--Logging:Console:FormatterName=json");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.ShouldNotBeEmpty();
        var entries = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var banner = entries.Single(e => e.GetProperty("Category").GetString() == "Mesh.Silo.Hosting.StartupBanner");
        banner.GetProperty("LogLevel").GetString().ShouldBe("Information");
        banner.GetProperty("Message").GetString()!.ShouldContain($"http://127.0.0.1:{port}/ui");
        banner.GetProperty("State").GetProperty("Listen").GetString().ShouldBe($"http://127.0.0.1:{port}");
    }

    // Starts the silo, waits until it is ready and has carried one event through a broker and a
    // trigger (so that per-call chatter would have had its chance), then stops it and returns its console.
    private static async Task<(string Output, int Port)> RunAsync(params string[] extra)
    {
        var directory = Directory.CreateTempSubdirectory("mesh-console-").FullName;
        var port = FreePort.Next();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            SiloSettings.SiloDll, "--urls", $"http://127.0.0.1:{port}", "--Mesh:Dashboard=false",
            $"--Mesh:SiloPort={FreePort.Next()}", $"--Mesh:GatewayPort={FreePort.Next()}",
        }.Concat(extra)) start.ArgumentList.Add(argument);
        var output = new System.Text.StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Append(e.Data).Append('\n'); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Append(e.Data).Append('\n'); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            await Eventually.TrueAsync(async () =>
            {
                if (process.HasExited) Assert.Fail($"the silo exited with {process.ExitCode}:\n{output}");
                try { return (await http.GetAsync("/readyz")).IsSuccessStatusCode; }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return false; }
            }, "the silo to be ready", () => output.ToString(), TimeSpan.FromSeconds(90));
            var subscriber = await RecordingSubscriber.StartAsync();
            await using (subscriber)
            {
                await ResourceApi.MustApplyAsync(http, "apiVersion: eventing.knative.dev/v1\nkind: Broker\nmetadata: { name: b, namespace: console }");
                await ResourceApi.MustApplyAsync(http, $"apiVersion: eventing.knative.dev/v1\nkind: Trigger\nmetadata: {{ name: t, namespace: console }}\nspec: {{ broker: b, subscriber: {{ uri: \"{subscriber.Url}\" }} }}");
                await ResourceApi.WaitReadyAsync(http, "/apis/eventing.knative.dev/v1/namespaces/console/triggers/t");
                var request = CloudEventRequests.Binary("console-1");
                request.RequestUri = new Uri("/console/b", UriKind.Relative);
                (await http.SendAsync(request)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted);
                await subscriber.WaitForCountAsync(1);
            }
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
        lock (output) return (output.ToString(), port);
    }
}
