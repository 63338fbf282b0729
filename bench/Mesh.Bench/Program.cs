using Mesh.Bench;

var mode = args.FirstOrDefault();
var options = BenchArgs.Parse(args.Skip(1));

return mode switch
{
    "baseline-ingress" => await BaselineIngress.RunAsync(options),
    "baseline-forwarder" => await BaselineForwarder.RunAsync(options),
    "sink" => await Sink.RunAsync(options),
    "otlp-sink" => await OtlpSink.RunAsync(options),
    "load" => await ConstantRateLoad.RunAsync(options),
    "triggers" => await TriggerApply.RunAsync(options),
    "issuer" => await BenchIssuer.RunAsync(options),
    "filters" => FilterBenchmarks.Run(args.Skip(1).ToArray()),
    "plot" => MemoryPlot.Run(options),
    "disk" => DiskProbe.Run(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: Mesh.Bench MODE [--option value]...
          baseline-ingress   --urls URL               POST /{ns}/{name}: parse the CloudEvent, answer 202
          baseline-forwarder --urls URL --sink URL [--fanout N]
                                                      parse, forward in binary mode (N times at once), answer 202 after the sink
          sink               --urls URL [--delay-ms N] [--fail-percent P]
                                                      count events and their latency; GET /stats, POST /reset, PUT /delay/{ms};
                                                      answer each N ms late; 503 to P% of requests
          otlp-sink          --urls URL               an OTLP/HTTP receiver that counts exports (POST /v1/traces, /v1/metrics; GET /stats)
          issuer             --urls URL               an OIDC issuer (discovery, JWKS); GET /token?sub=S&aud=A mints an RS256 token
          load               --target URL --rate N --duration S [--warmup S --reset SINKURL/reset] [--connections C]
                                                      constant-rate binary CloudEvents, JSON summary on stdout
          triggers           --mesh URL --sink URL [--broker NS/NAME --count N --parallel P --first I --prefix P]
                                                      apply N triggers no event matches, P at a time; JSON summary on stdout
          filters            [BenchmarkDotNet args]   ns and allocations per filter evaluation (exact, prefix, CESQL, index)
          plot               --csv FILE --svg FILE [--title T]
                                                      the soak's samples (seconds,rss_mib,accepted,fast,slow) as an SVG chart
          disk               --dir DIR [--seconds S]  8 KiB written and flushed (fsync) once a millisecond in DIR for S s (10):
                                                      the flush's latency percentiles as JSON on stdout
        """);
    return 2;
}
