using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Mesh.Grains.Events;
using Mesh.Grains.Filtering;

namespace Mesh.Bench;

/// <summary>
/// Cost of one filter evaluation per dialect, and of routing one event through an index of 10,000
/// non-matching triggers plus one matching trigger (the unit behind R4).
/// </summary>
[MemoryDiagnoser]
public class FilterBenchmarks
{
    private readonly EventEnvelope _event = new(new Dictionary<string, string>
    {
        ["specversion"] = "1.0", ["id"] = "42", ["source"] = "/orders/eu/berlin",
        ["type"] = "com.example.order.created", ["subject"] = "order-42", ["region"] = "eu",
    }, []);

    private readonly IEventFilter _exact = FilterCompiler.Compile(new FilterSpec(FilterKind.Exact, new() { ["type"] = "com.example.order.created" }));
    private readonly IEventFilter _prefix = FilterCompiler.Compile(new FilterSpec(FilterKind.Prefix, new() { ["source"] = "/orders/" }));
    private readonly IEventFilter _cesql = FilterCompiler.Compile(new FilterSpec(FilterKind.Cesql,
        Expression: "type = 'com.example.order.created' AND source LIKE '/orders/%' AND region IN ('eu', 'us')"));
    private readonly FilterIndex _index = BuildIndex();

    public static int Run(string[] args)
    {
        BenchmarkRunner.Run<FilterBenchmarks>(args: args);
        return 0;
    }

    [Benchmark] public bool Exact() => _exact.Matches(_event);
    [Benchmark] public bool Prefix() => _prefix.Matches(_event);
    [Benchmark] public bool Cesql_three_clauses() => _cesql.Matches(_event);
    [Benchmark] public int Index_match_among_10000() => _index.Match(_event).Count;

    private static FilterIndex BuildIndex()
    {
        var index = new FilterIndex();
        for (var i = 0; i < 10_000; i++)
            index.Set($"other-{i}", new FilterSpec(FilterKind.Exact, new() { ["type"] = $"com.example.other.{i}" }));
        index.Set("match", new FilterSpec(FilterKind.Exact, new() { ["type"] = "com.example.order.created" }));
        return index;
    }
}
