using Mesh.Grains.Delivery;

namespace Mesh.Tests.Grains.Delivery;

public sealed class RetryPolicyTests
{
    private static readonly TimeSpan D = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData(null)]
    [InlineData(404)]
    [InlineData(408)]
    [InlineData(409)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(599)]
    public void No_answer_404_408_409_429_and_5xx_are_retried(int? status) =>
        RetryPolicy.IsRetryable(status).ShouldBeTrue();

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(410)]
    [InlineData(413)]
    [InlineData(415)]
    [InlineData(422)]
    public void Other_4xx_answers_are_final(int status) =>
        RetryPolicy.IsRetryable(status).ShouldBeFalse();

    [Fact]
    public void Retry_counts_retries_after_the_first_attempt_and_defaults_to_none()
    {
        new RetryPolicy(new DeliverySpec(Retry: 3)).Retries.ShouldBe(3);
        new RetryPolicy(new DeliverySpec()).Retries.ShouldBe(0);
        new RetryPolicy(new DeliverySpec(Retry: -2)).Retries.ShouldBe(0);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(7, 7)]
    public void Linear_backoff_waits_delay_times_retry(int retry, int seconds) =>
        new RetryPolicy(new DeliverySpec(BackoffPolicy: BackoffPolicy.Linear, BackoffDelay: D))
            .DelayBefore(retry).ShouldBe(TimeSpan.FromSeconds(seconds));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(6, 32)]
    public void Exponential_backoff_waits_delay_times_two_to_the_retry_minus_one(int retry, int seconds) =>
        new RetryPolicy(new DeliverySpec(BackoffPolicy: BackoffPolicy.Exponential, BackoffDelay: D))
            .DelayBefore(retry).ShouldBe(TimeSpan.FromSeconds(seconds));

    [Fact]
    public void Backoff_policy_defaults_to_exponential() =>
        new RetryPolicy(new DeliverySpec(BackoffDelay: D)).DelayBefore(3).ShouldBe(TimeSpan.FromSeconds(4));

    [Fact]
    public void No_backoff_delay_means_no_wait() =>
        new RetryPolicy(new DeliverySpec(Retry: 5)).DelayBefore(4).ShouldBe(TimeSpan.Zero);

    [Fact]
    public void Backoff_max_caps_every_wait()
    {
        var policy = new RetryPolicy(new DeliverySpec(BackoffDelay: D, BackoffMax: TimeSpan.FromSeconds(5)));
        policy.DelayBefore(3).ShouldBe(TimeSpan.FromSeconds(4));
        policy.DelayBefore(4).ShouldBe(TimeSpan.FromSeconds(5));
        policy.DelayBefore(60).ShouldBe(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void A_huge_exponential_wait_saturates_instead_of_overflowing() =>
        new RetryPolicy(new DeliverySpec(BackoffDelay: D)).DelayBefore(200).ShouldBe(TimeSpan.MaxValue);

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public void Retry_after_on_429_and_503_wins_when_longer_than_the_backoff(int status)
    {
        var policy = new RetryPolicy(new DeliverySpec(BackoffDelay: D));
        policy.DelayBefore(1, status, TimeSpan.FromSeconds(5)).ShouldBe(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Retry_after_shorter_than_the_backoff_does_not_shorten_it() =>
        new RetryPolicy(new DeliverySpec(BackoffDelay: D))
            .DelayBefore(4, 429, TimeSpan.FromSeconds(2)).ShouldBe(TimeSpan.FromSeconds(8));

    [Fact]
    public void Retry_after_is_capped_by_retry_after_max() =>
        new RetryPolicy(new DeliverySpec(BackoffDelay: D, RetryAfterMax: TimeSpan.FromSeconds(3)))
            .DelayBefore(1, 503, TimeSpan.FromMinutes(10)).ShouldBe(TimeSpan.FromSeconds(3));

    [Fact]
    public void Retry_after_is_not_capped_by_backoff_max() =>
        new RetryPolicy(new DeliverySpec(BackoffDelay: D, BackoffMax: TimeSpan.FromSeconds(2)))
            .DelayBefore(1, 429, TimeSpan.FromSeconds(5)).ShouldBe(TimeSpan.FromSeconds(5));

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(404)]
    [InlineData(408)]
    [InlineData(null)]
    public void Retry_after_on_other_answers_is_ignored(int? status) =>
        new RetryPolicy(new DeliverySpec(BackoffDelay: D))
            .DelayBefore(1, status, TimeSpan.FromSeconds(30)).ShouldBe(D);
}
