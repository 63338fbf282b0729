using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using Mesh.Grains.Delivery;
using Mesh.Grains.Events;
using Mesh.Grains.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Tests.Grains.Delivery;

/// <summary>One dispatcher against real HTTP subscribers, with time under the test's control.</summary>
public sealed class DispatcherTests : IAsyncLifetime
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    private readonly ObservedFakeTime _clock = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly Replies _replies = new();
    private readonly List<IDisposable> _recorders = [];
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private MeshMetrics _metrics = null!;
    private RecordingSubscriber _subscriber = null!;
    private RecordingSubscriber _deadLetters = null!;
    private Dispatcher? _dispatcher;

    public async Task InitializeAsync()
    {
        _metrics = new MeshMetrics(_services.GetRequiredService<IMeterFactory>());
        _subscriber = await RecordingSubscriber.StartAsync();
        _deadLetters = await RecordingSubscriber.StartAsync();
    }

    [Fact]
    public async Task Exponential_retries_wait_1_2_then_4_seconds_and_stop_after_the_last_retry()
    {
        using var lost = Recorder(_metrics.Dropped, TagNames.Reason, DropReasons.NoDeadLetterSink, DropReasons.DeadLetterFailed);
        _subscriber.Respond = (_, _) => Task.FromResult(503);
        var dispatcher = Start(new DeliverySpec(Retry: 3, BackoffPolicy: BackoffPolicy.Exponential, BackoffDelay: TimeSpan.FromSeconds(1)));

        dispatcher.Enqueue(Event("e-1"));

        await _subscriber.WaitForCountAsync(1);
        await StepThroughWaitAsync(retry: 1, TimeSpan.FromSeconds(1));
        await StepThroughWaitAsync(retry: 2, TimeSpan.FromSeconds(2));
        await StepThroughWaitAsync(retry: 3, TimeSpan.FromSeconds(4));
        await lost.WaitForAsync(1, "mesh.events.lost");
        await WaitIdleAsync(dispatcher);
        _subscriber.Received.Count.ShouldBe(4);
        _clock.Timers.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Linear_retries_wait_delay_times_retry()
    {
        _subscriber.Respond = (_, _) => Task.FromResult(500);
        var dispatcher = Start(new DeliverySpec(Retry: 3, BackoffPolicy: BackoffPolicy.Linear, BackoffDelay: TimeSpan.FromSeconds(1)));

        dispatcher.Enqueue(Event("e-1"));

        await _subscriber.WaitForCountAsync(1);
        await StepThroughWaitAsync(retry: 1, TimeSpan.FromSeconds(1));
        await StepThroughWaitAsync(retry: 2, TimeSpan.FromSeconds(2));
        await StepThroughWaitAsync(retry: 3, TimeSpan.FromSeconds(3));
        await WaitIdleAsync(dispatcher);
        _subscriber.Received.Count.ShouldBe(4);
    }

    [Fact]
    public async Task Retry_after_on_a_429_stretches_the_wait()
    {
        using var delivered = Recorder(_metrics.Delivered);
        _subscriber.Respond = (request, response) =>
        {
            if (_subscriber.Received.Count > 1) return Task.FromResult(202);
            response.Headers.RetryAfter = "5";
            return Task.FromResult(429);
        };
        var dispatcher = Start(new DeliverySpec(Retry: 2, BackoffDelay: TimeSpan.FromSeconds(1)));

        dispatcher.Enqueue(Event("e-1"));

        await _subscriber.WaitForCountAsync(1);
        await StepThroughWaitAsync(retry: 1, TimeSpan.FromSeconds(5));
        await delivered.WaitForAsync(1, "mesh.events.delivered");
        await WaitIdleAsync(dispatcher);
        _subscriber.Received.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Retry_after_as_a_date_is_measured_on_the_delivery_clock()
    {
        _subscriber.Respond = (_, response) =>
        {
            if (_subscriber.Received.Count > 1) return Task.FromResult(202);
            response.Headers.RetryAfter = _clock.GetUtcNow().AddSeconds(5).ToString("R");
            return Task.FromResult(503);
        };
        var dispatcher = Start(new DeliverySpec(Retry: 1, BackoffDelay: TimeSpan.FromSeconds(1)));

        dispatcher.Enqueue(Event("e-1"));

        await _subscriber.WaitForCountAsync(1);
        await StepThroughWaitAsync(retry: 1, TimeSpan.FromSeconds(5));
        await WaitIdleAsync(dispatcher);
    }

    [Fact]
    public async Task A_400_is_not_retried_and_goes_to_the_dead_letter_sink_with_the_error_attributes()
    {
        using var deadLettered = Recorder(_metrics.DeadLettered);
        _subscriber.Respond = async (_, response) =>
        {
            response.StatusCode = 400;
            await response.WriteAsync("bad event");
            return 400;
        };
        var dispatcher = Start(new DeliverySpec(Retry: 3, BackoffDelay: TimeSpan.FromSeconds(1), DeadLetterUri: _deadLetters.Url.ToString()));

        dispatcher.Enqueue(Event("e-1", data: "original data"));

        await deadLettered.WaitForAsync(1, "mesh.events.dead_lettered");
        await WaitIdleAsync(dispatcher);
        _subscriber.Received.Count.ShouldBe(1);
        _clock.Timers.ShouldBeEmpty();
        var letter = _deadLetters.Received.ShouldHaveSingleItem();
        letter.Ce("id").ShouldBe("e-1");
        letter.Ce("type").ShouldBe("dev.mesh.test");
        Encoding.UTF8.GetString(letter.Body).ShouldBe("original data");
        letter.Ce("knativeerrordest").ShouldBe(_subscriber.Url.ToString());
        letter.Ce("knativeerrorcode").ShouldBe("400");
        letter.Ce("knativeerrordata").ShouldBe(Convert.ToBase64String(Encoding.UTF8.GetBytes("bad event")));
        letter.Ce("knativebrokerttl").ShouldBeNull();
    }

    [Fact]
    public async Task A_5_KiB_error_body_is_dead_lettered_as_base64_of_its_first_1024_bytes()
    {
        var body = new byte[5 * 1024];
        new Random(11).NextBytes(body);
        _subscriber.Respond = async (_, response) =>
        {
            response.StatusCode = 500;
            await response.Body.WriteAsync(body);
            return 500;
        };
        var dispatcher = Start(new DeliverySpec(Retry: 0, DeadLetterUri: _deadLetters.Url.ToString()));

        dispatcher.Enqueue(Event("e-1"));

        await _deadLetters.WaitForCountAsync(1);
        var letter = _deadLetters.Received.Single();
        letter.Ce("knativeerrorcode").ShouldBe("500");
        Convert.FromBase64String(letter.Ce("knativeerrordata")!).ShouldBe(body[..1024]);
    }

    [Fact]
    public async Task Without_a_dead_letter_sink_a_failed_event_is_counted_as_lost()
    {
        using var lost = Recorder(_metrics.Dropped, TagNames.Reason, DropReasons.NoDeadLetterSink, DropReasons.DeadLetterFailed);
        using var deadLettered = Recorder(_metrics.DeadLettered);
        _subscriber.Respond = (_, _) => Task.FromResult(400);
        var dispatcher = Start(new DeliverySpec(Retry: 5));

        dispatcher.Enqueue(Event("e-1"));

        await lost.WaitForAsync(1, "mesh.events.lost");
        await WaitIdleAsync(dispatcher);
        lost.Total.ShouldBe(1);
        deadLettered.Total.ShouldBe(0);
        _subscriber.Received.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_failing_dead_letter_sink_counts_the_event_as_lost()
    {
        using var lost = Recorder(_metrics.Dropped, TagNames.Reason, DropReasons.NoDeadLetterSink, DropReasons.DeadLetterFailed);
        _subscriber.Respond = (_, _) => Task.FromResult(400);
        _deadLetters.Respond = (_, _) => Task.FromResult(403);
        var dispatcher = Start(new DeliverySpec(Retry: 0, DeadLetterUri: _deadLetters.Url.ToString()));

        dispatcher.Enqueue(Event("e-1"));

        await lost.WaitForAsync(1, "mesh.events.lost");
        _deadLetters.Received.Count.ShouldBe(1);
    }

    [Fact]
    public async Task An_answer_slower_than_the_timeout_counts_as_none_and_is_retried()
    {
        using var delivered = Recorder(_metrics.Delivered);
        _subscriber.Respond = async (_, _) =>
        {
            if (_subscriber.Received.Count == 1) await _release.Task;
            return 202;
        };
        var dispatcher = Start(new DeliverySpec(Retry: 1, Timeout: TimeSpan.FromSeconds(2)));

        dispatcher.Enqueue(Event("e-1"));

        await _subscriber.WaitForCountAsync(1);
        await _clock.WaitForTimersAsync(1);
        _clock.Timers[0].ShouldBe(TimeSpan.FromSeconds(2));
        _clock.Advance(TimeSpan.FromSeconds(2) - Tick);
        _subscriber.Received.Count.ShouldBe(1);
        _clock.Advance(Tick);
        await _subscriber.WaitForCountAsync(2);
        await delivered.WaitForAsync(1, "mesh.events.delivered");
    }

    [Fact]
    public async Task An_event_that_never_gets_an_answer_is_dead_lettered_without_a_code()
    {
        _subscriber.Respond = async (_, _) =>
        {
            await _release.Task;
            return 202;
        };
        var dispatcher = Start(new DeliverySpec(Retry: 0, Timeout: TimeSpan.FromSeconds(1), DeadLetterUri: _deadLetters.Url.ToString()));

        dispatcher.Enqueue(Event("e-1"));

        await _subscriber.WaitForCountAsync(1);
        await _clock.WaitForTimersAsync(1);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await _deadLetters.WaitForCountAsync(1);
        var letter = _deadLetters.Received.Single();
        letter.Ce("knativeerrordest").ShouldBe(_subscriber.Url.ToString());
        letter.Ce("knativeerrorcode").ShouldBeNull();
    }

    [Fact]
    public async Task A_200_carrying_a_CloudEvent_is_a_reply_with_one_hop_spent()
    {
        using var replies = Recorder(_metrics.Replies, TagNames.Outcome, "forwarded");
        _subscriber.Respond = ReplyWith(200, "dev.mesh.reply");
        var dispatcher = Start(new DeliverySpec());

        dispatcher.Enqueue(Event("e-1", ttl: "10"));

        await replies.WaitForAsync(1, "mesh.events.replies");
        var reply = _replies.Received.ShouldHaveSingleItem();
        reply.Type.ShouldBe("dev.mesh.reply");
        reply.Id.ShouldBe("reply-to-e-1");
        reply.Source.ShouldBe("/replier");
        Encoding.UTF8.GetString(reply.Data).ShouldBe("{\"answer\":42}");
        reply["knativebrokerttl"].ShouldBe("9");
    }

    [Fact]
    public async Task A_reply_to_an_event_without_a_hop_counter_starts_from_the_default_budget()
    {
        using var replies = Recorder(_metrics.Replies, TagNames.Outcome, "forwarded");
        _subscriber.Respond = ReplyWith(200, "dev.mesh.reply");
        var dispatcher = Start(new DeliverySpec());

        dispatcher.Enqueue(Event("e-1"));

        await replies.WaitForAsync(1, "mesh.events.replies");
        _replies.Received.Single()["knativebrokerttl"].ShouldBe((BrokerTtl.Default - 1).ToString());
    }

    [Fact]
    public Task A_2xx_body_that_is_not_a_CloudEvent_is_success_and_no_reply() =>
        AnsweredOnceWithoutReplyAsync(async (_, response) =>
        {
            response.StatusCode = 200;
            response.ContentType = "application/json";
            await response.WriteAsync("{\"ok\":true}");
            return 200;
        });

    [Fact]
    public Task A_200_with_an_invalid_CloudEvent_is_success_and_no_reply() =>
        AnsweredOnceWithoutReplyAsync(async (_, response) =>
        {
            response.StatusCode = 200;
            response.Headers["ce-specversion"] = "1.0";
            response.Headers["ce-id"] = "no-type-no-source";
            response.ContentType = "application/json";
            await response.WriteAsync("{}");
            return 200;
        });

    // The answer counts as a delivery: no retry, no loss, and nothing handed on as a reply.
    private async Task AnsweredOnceWithoutReplyAsync(Func<ReceivedRequest, HttpResponse, Task<int>> respond)
    {
        using var delivered = Recorder(_metrics.Delivered);
        using var lost = Recorder(_metrics.Dropped, TagNames.Reason, DropReasons.NoDeadLetterSink, DropReasons.DeadLetterFailed);
        _subscriber.Respond = respond;
        var dispatcher = Start(new DeliverySpec(Retry: 3));

        dispatcher.Enqueue(Event("e-1"));

        await delivered.WaitForAsync(1, "mesh.events.delivered");
        await WaitIdleAsync(dispatcher);
        _replies.Received.ShouldBeEmpty();
        lost.Total.ShouldBe(0);
        _subscriber.Received.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_202_carrying_a_CloudEvent_is_not_a_reply()
    {
        using var delivered = Recorder(_metrics.Delivered);
        _subscriber.Respond = ReplyWith(202, "dev.mesh.reply");
        var dispatcher = Start(new DeliverySpec());

        dispatcher.Enqueue(Event("e-1"));

        await delivered.WaitForAsync(1, "mesh.events.delivered");
        await WaitIdleAsync(dispatcher);
        _replies.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_event_with_one_hop_left_is_dropped_unsent_and_counted()
    {
        using var expired = Recorder(_metrics.Dropped, TagNames.Reason, DropReasons.TtlExpired);
        var dispatcher = Start(new DeliverySpec());

        dispatcher.Enqueue(Event("last-hop", ttl: "1"));
        await expired.WaitForAsync(1, "mesh.events.ttl_expired");
        dispatcher.Enqueue(Event("sentinel", ttl: "2"));

        await _subscriber.WaitForCountAsync(1);
        await WaitIdleAsync(dispatcher);
        _subscriber.Received.ShouldHaveSingleItem().Ce("id").ShouldBe("sentinel");
        expired.Total.ShouldBe(1);
    }

    [Fact]
    public async Task The_subscriber_never_sees_the_hop_counter()
    {
        var dispatcher = Start(new DeliverySpec());

        dispatcher.Enqueue(Event("e-1", ttl: "7"));

        await _subscriber.WaitForCountAsync(1);
        var got = _subscriber.Received.Single();
        got.Ce("id").ShouldBe("e-1");
        got.Ce("knativebrokerttl").ShouldBeNull();
    }

    [Fact]
    public async Task Structured_delivery_carries_the_event_as_JSON_without_the_hop_counter()
    {
        var dispatcher = Start(new DeliverySpec(Format: EventFormat.Structured));

        dispatcher.Enqueue(Event("e-1", ttl: "7", data: "{\"n\":1}"));

        await _subscriber.WaitForCountAsync(1);
        var got = _subscriber.Received.Single();
        got.Header("content-type")!.ShouldStartWith("application/cloudevents+json");
        var json = JsonNode.Parse(got.Body)!.AsObject();
        ((string?)json["id"]).ShouldBe("e-1");
        ((string?)json["type"]).ShouldBe("dev.mesh.test");
        json["data"]!["n"]!.GetValue<int>().ShouldBe(1);
        json.ContainsKey("knativebrokerttl").ShouldBeFalse();
    }

    [Fact]
    public async Task A_200_carrying_a_structured_CloudEvent_is_a_reply()
    {
        using var replies = Recorder(_metrics.Replies, TagNames.Outcome, "forwarded");
        _subscriber.Respond = async (_, response) =>
        {
            response.StatusCode = 200;
            response.ContentType = "application/cloudevents+json";
            await response.WriteAsync("""{"specversion":"1.0","id":"r-1","source":"/replier","type":"dev.mesh.reply","datacontenttype":"application/json","data":{"ok":true}}""");
            return 200;
        };
        var dispatcher = Start(new DeliverySpec());

        dispatcher.Enqueue(Event("e-1", ttl: "3"));

        await replies.WaitForAsync(1, "mesh.events.replies");
        var reply = _replies.Received.Single();
        reply.Id.ShouldBe("r-1");
        reply.Type.ShouldBe("dev.mesh.reply");
        reply["knativebrokerttl"].ShouldBe("2");
        JsonNode.Parse(reply.Data)!["ok"]!.GetValue<bool>().ShouldBeTrue();
    }

    /// <summary>Checks the dispatcher asked for exactly <paramref name="wait"/>, sent nothing early, and retried once it passed.</summary>
    private async Task StepThroughWaitAsync(int retry, TimeSpan wait)
    {
        await _clock.WaitForTimersAsync(retry);
        _clock.Timers[retry - 1].ShouldBe(wait, $"wait before retry {retry}");
        _clock.Advance(wait - Tick);
        _subscriber.Received.Count.ShouldBe(retry, $"attempts before the wait for retry {retry} has passed");
        _clock.Advance(Tick);
        await _subscriber.WaitForCountAsync(retry + 1);
    }

    private Dispatcher Start(DeliverySpec delivery)
    {
        _dispatcher = new Dispatcher(
            new DispatchTarget("tests/t", "tests", _subscriber.Url, delivery),
            maxInFlight: 1,
            new EventSender(new HttpClient(), _clock),
            _clock,
            _replies,
            _metrics,
            NullLogger.Instance);
        return _dispatcher;
    }

    private CounterRecorder Recorder(Counter<long> counter, string? tag = null, params string[] values)
    {
        var recorder = new CounterRecorder(counter, tag, values);
        _recorders.Add(recorder);
        return recorder;
    }

    private static Task WaitIdleAsync(Dispatcher dispatcher) =>
        Eventually.TrueAsync(() => dispatcher.Pending == 0, "the dispatcher to have nothing pending", () => dispatcher.Pending.ToString());

    private static Func<ReceivedRequest, HttpResponse, Task<int>> ReplyWith(int status, string type) => async (request, response) =>
    {
        response.StatusCode = status;
        response.Headers["ce-specversion"] = "1.0";
        response.Headers["ce-id"] = "reply-to-" + request.Ce("id");
        response.Headers["ce-source"] = "/replier";
        response.Headers["ce-type"] = type;
        response.ContentType = "application/json";
        await response.WriteAsync("{\"answer\":42}");
        return status;
    };

    private static EventEnvelope Event(string id, string? ttl = null, string data = "{}")
    {
        var attributes = new Dictionary<string, string>
        {
            ["specversion"] = "1.0", ["id"] = id, ["source"] = "/tests", ["type"] = "dev.mesh.test",
            ["datacontenttype"] = "application/json",
        };
        if (ttl is not null) attributes["knativebrokerttl"] = ttl;
        return new EventEnvelope(attributes, Encoding.UTF8.GetBytes(data));
    }

    private sealed class Replies : IReplyTarget
    {
        private readonly ConcurrentQueue<EventEnvelope> _received = new();
        public IReadOnlyList<EventEnvelope> Received => [.. _received];

        public Task<Mesh.Grains.Brokers.PublishResult> AcceptReplyAsync(EventEnvelope reply)
        {
            _received.Enqueue(reply);
            return Task.FromResult(Mesh.Grains.Brokers.PublishResult.Accepted);
        }
    }

    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        if (_dispatcher is not null) await _dispatcher.DisposeAsync();
        foreach (var recorder in _recorders) recorder.Dispose();
        await _subscriber.DisposeAsync();
        await _deadLetters.DisposeAsync();
        await _services.DisposeAsync();
    }
}
