using System.Diagnostics;
using System.Net;
using Mesh.Tests.Faults;
using Mesh.Tests.Operator;
using Mesh.Tests.Operator.Auth;

namespace Mesh.Tests.Silo.Listeners;

/// <summary>The built mesh refuses to serve its control plane beyond loopback without identities, unless told to.</summary>
[Trait("Category", "Slow")]
public sealed class SecureByDefaultTests
{
    private static async Task<(Process Process, List<string> Output, string Directory)> StartAsync(int port, params string[] settings)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("mesh-secure-").FullName;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            SiloSettings.SiloDll, "--urls", $"http://0.0.0.0:{port}", $"--Mesh:DataDirectory={directory}/data", "--Mesh:Dashboard=false",
            $"--Mesh:SiloPort={FreePort.Next()}", $"--Mesh:GatewayPort={FreePort.Next()}",
        }.Concat(settings)) start.ArgumentList.Add(argument);
        var output = new List<string>();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Add(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Task.CompletedTask;
        return (process, output, directory);
    }

    private static string Text(List<string> output)
    {
        lock (output) return string.Join('\n', output);
    }

    [Fact]
    public async Task Bound_to_every_address_with_no_identities_the_mesh_refuses_to_start_naming_the_settings()
    {
        var (process, output, directory) = await StartAsync(FreePort.Next());
        using (process)
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(bound.Token);

            process.ExitCode.ShouldNotBe(0);
            var text = Text(output);
            text.ShouldContain("Refusing to start");
            text.ShouldContain("0.0.0.0");
            foreach (var key in new[] { "Mesh:Auth:TokenFile", "Mesh:Auth:Oidc:Issuer", "Mesh:Auth:AllowAnonymous" }) text.ShouldContain(key);
        }
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task With_anonymous_access_allowed_it_starts_serves_the_api_and_warns()
    {
        var port = FreePort.Next();
        var (process, output, directory) = await StartAsync(port, "--Mesh:Auth:AllowAnonymous=true");
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            await Eventually.TrueAsync(async () =>
            {
                if (process.HasExited) Assert.Fail($"the mesh exited with {process.ExitCode}:\n{Text(output)}");
                try { return (await http.GetAsync("/readyz")).IsSuccessStatusCode; }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return false; }
            }, "the mesh to be ready", () => Text(output), TimeSpan.FromSeconds(90));

            var put = await AuthenticatedMesh.PutYamlAsync(http, Resource.Broker("default", "open"), RbacYaml.Broker("default", "open"));
            put.StatusCode.ShouldBe(HttpStatusCode.Created);
            Text(output).ShouldContain("Mesh:Auth:AllowAnonymous=true: the resource API is served without authentication on http://0.0.0.0:");
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
            process.Dispose();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Bound_to_every_address_with_a_token_file_it_starts_and_asks_for_a_token()
    {
        await using var auth = await AuthenticatedMesh.StartAsync(new Dictionary<string, string?> { ["urls"] = "http://0.0.0.0:0" });
        using var anonymous = auth.As(null);
        using var admin = auth.As(AuthenticatedMesh.AdminToken);

        (await anonymous.GetAsync("/apis/eventing.knative.dev/v1/brokers")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await admin.GetAsync("/apis/eventing.knative.dev/v1/brokers")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task On_loopback_with_no_identities_the_laptop_experience_needs_no_token()
    {
        await using var mesh = await MeshHost.StartAsync();

        (await mesh.ApplyAsync(RbacYaml.Broker("default", "laptop"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await mesh.Http.GetAsync("/metrics")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
