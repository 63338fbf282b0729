namespace Mesh.Bench;

/// <summary>A bare Kestrel host: the least a CloudEvents HTTP endpoint can cost.</summary>
public static class BenchHost
{
    public static WebApplication Create(BenchArgs args)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(args.Require("urls"));
        // Per-request logging would dominate what is measured.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        return builder.Build();
    }
}
