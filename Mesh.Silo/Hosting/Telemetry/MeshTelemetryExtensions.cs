using System.Diagnostics.Metrics;
using Mesh.Gateway.Tail;
using Mesh.Grains.Tail;
using Mesh.Grains.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Mesh.Silo.Hosting.Telemetry;

/// <summary>
/// Metrics (Prometheus at <c>/metrics</c>), spans (recorded only when there is somewhere to send
/// them), OTLP export when the standard <c>OTEL_EXPORTER_OTLP_*</c> settings say where, and the
/// memory stream provider that carries live tails.
/// </summary>
public static class MeshTelemetryExtensions
{
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string OtlpTracesEndpoint = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
    public const string TracesSampler = "OTEL_TRACES_SAMPLER";

    /// <summary>The share of new traces kept when <c>OTEL_TRACES_SAMPLER</c> is not set (Knative's <c>sample-rate</c> default).</summary>
    public const double DefaultTraceRatio = 0.1;

    public static WebApplicationBuilder AddMeshTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var options = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpoint]);
        var tracing = options.Tracing ?? (otlp || !string.IsNullOrWhiteSpace(configuration[OtlpTracesEndpoint]));

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? "mesh", serviceVersion: MeshVersion.Text))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(MeshMetrics.MeterName).AddPrometheusExporter();
                ((IDeferredMeterProviderBuilder)metrics).Configure((services, builder) =>
                {
                    // A listener sees every meter of that name in the process; a host exports only the
                    // one its own factory made (several meshes share a process in the tests, and would
                    // otherwise fill each other's series limits).
                    var factory = services.GetRequiredService<IMeterFactory>();
                    builder.AddView(instrument => instrument.Meter.Name != MeshMetrics.MeterName ? null
                        : instrument.Meter.Scope is { } scope && !ReferenceEquals(scope, factory) ? MetricStreamConfiguration.Drop
                        : new MetricStreamConfiguration { CardinalityLimit = options.MaxSeriesPerInstrument });
                });
                if (otlp) metrics.AddOtlpExporter();
            });
        // No tracer provider at all when tracing is off: the mesh's ActivitySource then has no
        // listener, and every span start is a flag check.
        if (tracing)
        {
            telemetry.WithTracing(traces =>
            {
                traces.AddSource(MeshTracing.SourceName);
                // Unless the standard variable chooses, Knative's default: a tenth of new traces,
                // and every trace a producer sampled. Exporting every span of a busy mesh has cost up
                // to a quarter of its ingress on two cores (docs/performance.md); one in ten, nothing measurable.
                if (string.IsNullOrWhiteSpace(configuration[TracesSampler]))
                    traces.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(DefaultTraceRatio)));
                if (otlp || !string.IsNullOrWhiteSpace(configuration[OtlpTracesEndpoint])) traces.AddOtlpExporter();
            });
        }
        builder.Services.AddSingleton<ITailTargets, DeclaredTailTargets>();
        return builder;
    }

    /// <summary>The memory streams live tails travel on, and the in-memory store of their subscriptions.</summary>
    /// <remarks>
    /// One queue, polled five times a second: idle, that is the whole cost of being able to tail
    /// (Orleans' default is four queues polled ten times a second), and a tail shows an event
    /// within a fifth of a second.
    /// </remarks>
    public static ISiloBuilder AddMeshTailStreams(this ISiloBuilder silo) => silo
        .AddMemoryStreams(TailStreams.ProviderName, streams =>
        {
            streams.ConfigurePartitioning(1);
            streams.ConfigurePullingAgent(agent => agent.Configure(o => o.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(200)));
        })
        .AddMemoryGrainStorage(TailStreams.PubSubStore);
}
