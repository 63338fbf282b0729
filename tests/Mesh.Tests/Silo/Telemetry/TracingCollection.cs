namespace Mesh.Tests.Silo.Telemetry;

/// <summary>
/// Tracing is process-wide: while a test's tracer provider listens to the mesh's activity source,
/// every mesh in the test process traces, and one that forwards a producer's <c>traceparent</c>
/// unchanged would forward its own span instead. These tests run alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TracingCollection
{
    public const string Name = "Process-wide tracing";
}
