using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.Tests.Infrastructure;

/// <summary>Real Kestrel servers for test doubles: quiet, on an ephemeral 127.0.0.1 port.</summary>
public static class LoopbackServer
{
    /// <param name="port">0 for an ephemeral port; a fixed one to bring a stopped server back at the same address.</param>
    public static WebApplicationBuilder CreateBuilder(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder(TestHostArguments.NoConfigReload);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        return builder;
    }

    /// <summary>The address a started server listens on, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public static string AddressOf(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}
