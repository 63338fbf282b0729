using Mesh.Operator.Kubernetes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Tests.Kubernetes;

/// <summary>Readiness turns on how long this instance has been out of contact with the API server, not on one failed request.</summary>
public sealed class ApiServerReachabilityTests
{
    private static readonly TimeSpan After = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new();
    private readonly ApiServerReachability _reachability;

    public ApiServerReachabilityTests() => _reachability = new ApiServerReachability(_time, NullLogger<ApiServerReachability>.Instance);

    [Fact]
    public void Before_the_first_answer_the_instance_counts_as_cut_off_with_the_last_failure_named()
    {
        _reachability.Problem(After).ShouldNotBeNull();
        _reachability.Failed("connection refused");
        _reachability.Problem(After)!.ShouldContain("connection refused");
        _reachability.Reached();
        _reachability.Problem(After).ShouldBeNull();
    }

    [Fact]
    public void Failures_count_only_once_they_have_lasted_the_grace_period_and_an_answer_ends_them()
    {
        _reachability.Reached();
        _reachability.Failed("reset");
        _time.Advance(After - TimeSpan.FromMilliseconds(1));
        _reachability.Failed("refused");
        _reachability.Problem(After).ShouldBeNull();

        _time.Advance(TimeSpan.FromMilliseconds(1));
        _reachability.Problem(After)!.ShouldContain("refused");

        _reachability.Reached();
        _reachability.Problem(After).ShouldBeNull();
        _reachability.Failed("refused again");
        _time.Advance(After - TimeSpan.FromMilliseconds(1));
        _reachability.Problem(After).ShouldBeNull("the grace period starts again with each outage");
    }
}
