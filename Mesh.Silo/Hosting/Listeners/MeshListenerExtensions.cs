using Mesh.Operator.Auth;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Mesh.Silo.Hosting.Listeners;

public static partial class MeshListenerExtensions
{
    /// <summary>
    /// Plans the ports (main, admin, metrics), refuses to start when the control plane would be
    /// served beyond loopback with no identities (see <see cref="ControlPlaneExposure"/>), and
    /// serves each endpoint on its own port only.
    /// </summary>
    /// <exception cref="OptionsValidationException">The plan is refused; the message names the settings.</exception>
    public static WebApplicationBuilder AddMeshListeners(this WebApplicationBuilder builder)
    {
        ListenerPlan plan;
        try
        {
            plan = ListenerPlan.From(builder.Configuration);
        }
        catch (FormatException e)
        {
            throw Refused($"A listen address is not a URL Kestrel can listen on: {e.Message}");
        }
        var auth = builder.Configuration.GetSection(MeshAuthOptions.Section).Get<MeshAuthOptions>() ?? new MeshAuthOptions();
        var problems = plan.Problems().ToList();
        if (ControlPlaneExposure.Refusal(plan, auth) is { } refusal) problems.Add(refusal);
        if (problems.Count > 0) throw Refused([.. problems]);
        plan.Apply(builder.Configuration, builder.WebHost);
        builder.Services.AddSingleton(plan);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, ListenerMatcherPolicy>());
        return builder;
    }

    /// <summary>Says at start-up, as a warning, when anonymous access opens the control plane beyond loopback.</summary>
    public static void WarnAboutAnonymousAccess(this WebApplication app)
    {
        var auth = app.Services.GetRequiredService<IOptions<MeshAuthOptions>>().Value;
        if (!auth.AllowAnonymous) return;
        var plan = app.Services.GetRequiredService<ListenerPlan>();
        foreach (var (what, address) in ControlPlaneExposure.Unprotected(plan, auth))
            LogAnonymous(app.Logger, what, address.Url);
    }

    private static OptionsValidationException Refused(params string[] failures) =>
        new(MeshAuthOptions.Section, typeof(MeshAuthOptions), failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mesh:Auth:AllowAnonymous=true: {What} is served without authentication on {Address}, which is not a loopback address; anyone who can reach it may change the mesh")]
    private static partial void LogAnonymous(ILogger logger, string what, string address);
}
