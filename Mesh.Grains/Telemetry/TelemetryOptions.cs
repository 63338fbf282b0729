using Microsoft.Extensions.Options;

namespace Mesh.Grains.Telemetry;

/// <summary>Metrics and tracing settings, bound from <c>Mesh:Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Mesh:Telemetry";

    /// <summary>
    /// Distinct <c>event_type</c> label values each instrument keeps; later types are counted as
    /// <c>other</c>, so a producer inventing types cannot grow the metrics without bound. Default 100.
    /// </summary>
    public int MaxEventTypes { get; set; } = 100;

    /// <summary>
    /// Whether spans are recorded. Default (unset): exactly when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
    /// (or <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>) is set, so that nothing is recorded with nowhere to send it.
    /// </summary>
    public bool? Tracing { get; set; }

    /// <summary>
    /// Label combinations (series) each of the mesh's instruments keeps; beyond it OpenTelemetry
    /// folds measurements into one overflow series. OpenTelemetry allocates the whole table when
    /// an instrument first records, about 95 bytes per series, for each of the ~20 instruments in
    /// use: 10,000 costs ~20 MB of memory whether used or not (50,000 cost 100 MB). It fits a
    /// thousand triggers with a few event types each, where OpenTelemetry's own default (2,000)
    /// would not; raise it for more.
    /// </summary>
    public int MaxSeriesPerInstrument { get; set; } = 10_000;

    /// <summary>Failed attempts remembered per trigger or subscription for the topology page. Default 10.</summary>
    public int FailuresKept { get; set; } = 10;
}

public sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        if (options.MaxEventTypes is < 1 or > 10_000)
            return ValidateOptionsResult.Fail($"{TelemetryOptions.Section}:MaxEventTypes must be between 1 and 10000 (was {options.MaxEventTypes}).");
        if (options.MaxSeriesPerInstrument is < 100 or > 1_000_000)
            return ValidateOptionsResult.Fail($"{TelemetryOptions.Section}:MaxSeriesPerInstrument must be between 100 and 1000000 (was {options.MaxSeriesPerInstrument}).");
        if (options.FailuresKept is < 0 or > 1000)
            return ValidateOptionsResult.Fail($"{TelemetryOptions.Section}:FailuresKept must be between 0 and 1000 (was {options.FailuresKept}).");
        return ValidateOptionsResult.Success;
    }
}
