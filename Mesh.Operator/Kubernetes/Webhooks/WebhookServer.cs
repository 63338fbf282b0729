using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Kubernetes.Webhooks;

/// <summary>
/// In Kubernetes mode: serves <c>POST /defaulting</c> and <c>POST /validation</c> over HTTPS on a
/// port of their own (a Kestrel server apart from the mesh's listeners, so no other endpoint is
/// reachable there), with the certificate of <see cref="WebhookCertificates"/>; re-reads that
/// certificate every <see cref="WebhookOptions.ResyncPeriod"/> and, on the leader, keeps the
/// configurations' <c>caBundle</c> current.
/// </summary>
public sealed partial class WebhookServer(
    AdmissionWebhook webhook, WebhookCertificates certificates, WebhookConfigurations configurations, KubernetesOperator @operator,
    IOptions<OperatorModeOptions> mode, IOptions<WebhookOptions> options, IOptions<KubernetesOptions> kubernetes,
    TimeProvider time, ILoggerFactory loggers, ILogger<WebhookServer> logger) : BackgroundService
{
    // AdmissionReviews carry the object twice; etcd keeps objects up to 1.5 MB.
    private const long MaxReviewBytes = 8 * 1024 * 1024;

    private WebApplication? _app;

    private bool Active => mode.Value.Mode == OperatorMode.Kubernetes && options.Value.Enabled;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Active)
        {
            _app = Build();
            await _app.StartAsync(cancellationToken);
            LogListening(logger, options.Value.ListenAddress, options.Value.Port);
        }
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_app is null) return;
        await _app.StopAsync(cancellationToken);
        await _app.DisposeAsync();
        _app = null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Active) return;
        var resync = options.Value.ResyncPeriod;
        DateTimeOffset? refreshed = null, reconciled = null;
        // Ticks at the Lease's retry period, so that a new leader writes the caBundle at once.
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            try
            {
                if (refreshed is null || now - refreshed >= resync)
                {
                    await certificates.RefreshAsync(stoppingToken);
                    refreshed = now;
                }
                if (!@operator.IsLeader) reconciled = null;
                else if (reconciled is null || now - reconciled >= resync)
                {
                    // A configuration not installed yet is looked for again soon, not a period later.
                    var found = await configurations.ReconcileAsync(certificates.Current!.CaBundle, stoppingToken);
                    reconciled = found ? now : now - resync + Min(resync, kubernetes.Value.RetryPeriod * 4);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRefreshFailed(logger, e);
            }
            await Task.Delay(kubernetes.Value.RetryPeriod, time, stoppingToken);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private WebApplication Build()
    {
        var o = options.Value;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggers);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxReviewBytes;
            kestrel.Listen(IPAddress.Parse(o.ListenAddress), o.Port, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                // Null until the Secret is read: the handshake fails and the API server retries.
                ServerCertificateSelector = (_, _) => certificates.Served,
            }));
        });
        var app = builder.Build();
        app.UseRouting();
        app.MapPost("/defaulting", (RequestDelegate)(context => ReviewAsync(context, webhook.DefaultAsync)));
        app.MapPost("/validation", (RequestDelegate)(context => ReviewAsync(context, webhook.ValidateAsync)));
        return app;
    }

    private static async Task ReviewAsync(HttpContext context, Func<AdmissionRequest, CancellationToken, Task<JsonObject>> answer)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException e)
        {
            await Results.Problem(statusCode: 400, title: "The body is not JSON.", detail: e.Message).ExecuteAsync(context);
            return;
        }
        if (AdmissionRequest.Parse(body, out var problem) is not { } request)
        {
            await Results.Problem(statusCode: 400, title: "Not an AdmissionReview request.", detail: problem).ExecuteAsync(context);
            return;
        }
        await Results.Json(await answer(request, context.RequestAborted)).ExecuteAsync(context);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Admission webhooks listening on https://{Address}:{Port} (/defaulting, /validation)")]
    private static partial void LogListening(ILogger logger, string address, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read or write the webhook certificate, or the webhook configurations' caBundle; trying again")]
    private static partial void LogRefreshFailed(ILogger logger, Exception e);
}
