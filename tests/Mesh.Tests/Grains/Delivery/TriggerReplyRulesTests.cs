using System.Net;
using Mesh.Grains.Delivery;
using Mesh.Grains.Telemetry;
using Mesh.Tests.Grains.Durability;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Tests.Grains.Delivery;

/// <summary>
/// Knative's data plane: a trigger's reply that cannot re-enter its broker fails the delivery that
/// produced it, which is retried under the trigger's delivery policy and, after its last retry,
/// dead-lettered. Real mesh, real subscribers, the real journal file.
/// </summary>
public sealed class TriggerReplyRulesTests
{
    private const string Orders = "dev.mesh.order";
    private const string Confirmed = "dev.mesh.order.confirmed";

    // Read by the subscriber's request threads.
    private volatile Phase _phase = Phase.First;

    [Fact]
    public async Task A_reply_its_broker_cannot_take_fails_the_delivery_which_is_retried_until_the_reply_is_taken()
    {
        await using var mesh = await MeshHost.StartAsync();
        await using var replier = await RecordingSubscriber.StartAsync();
        await using var confirmations = await RecordingSubscriber.StartAsync();
        var brokerGone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        replier.Respond = async (request, response) =>
        {
            switch (_phase)
            {
                case Phase.First:
                    // Answer the first attempt only once the broker is gone: its reply has nowhere to go.
                    await brokerGone.Task;
                    return await ReplyAsync(request, response, "first");
                case Phase.Waiting:
                    return 503;
                default:
                    return await ReplyAsync(request, response, "after");
            }
        };
        await BrokerAsync(mesh, "replies", "retry: 30\n    backoffPolicy: linear\n    backoffDelay: PT0.2S");
        await TriggerAsync(mesh, "replies", "orders", replier, Orders);
        await TriggerAsync(mesh, "replies", "confirmations", confirmations, Confirmed);

        await mesh.SendEventAsync("/replies/default", "order-1", Orders);
        await replier.WaitForCountAsync(1);
        _phase = Phase.Waiting;
        (await mesh.Http.DeleteAsync("/apis/eventing.knative.dev/v1/namespaces/replies/brokers/default")).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () => (await PostAsync(mesh, "/replies/default", "probe")) == HttpStatusCode.NotFound, "the broker's ingress to answer 404");
        brokerGone.SetResult();

        // The refused reply failed the first attempt: the subscriber is asked again.
        await replier.WaitForCountAsync(2);
        await BrokerAsync(mesh, "replies", "retry: 30\n    backoffPolicy: linear\n    backoffDelay: PT0.2S");
        await mesh.WaitReadyAsync("/apis/eventing.knative.dev/v1/namespaces/replies/triggers/confirmations");
        await mesh.WaitReadyAsync("/apis/eventing.knative.dev/v1/namespaces/replies/triggers/orders");
        _phase = Phase.BrokerBack;

        await confirmations.WaitForCountAsync(1);
        replier.Received.ShouldAllBe(r => r.Ce("id") == "order-1");
        var confirmed = confirmations.Received.ShouldHaveSingleItem();
        confirmed.Ce("id").ShouldBe("confirm-order-1-after", "the reply of the first attempt was refused and never delivered");
        confirmed.Ce("knativearrivaltime").ShouldNotBeNull("a reply re-enters through the broker's ingress");
    }

    [Fact]
    public async Task A_reply_the_journal_refuses_fails_the_delivery_and_after_its_last_retry_the_original_is_dead_lettered()
    {
        await using var mesh = await MeshHost.StartAsync(JournalFile.DurableSettings());
        await using var replier = await RecordingSubscriber.StartAsync();
        await using var deadLetters = await RecordingSubscriber.StartAsync();
        await using var confirmations = await RecordingSubscriber.StartAsync();
        using var replies = new CounterRecorder(mesh.Services.GetRequiredService<MeshMetrics>().Replies, TagNames.Outcome, "forwarded");
        using var refused = new CounterRecorder(mesh.Services.GetRequiredService<MeshMetrics>().Replies, TagNames.Outcome, "refused");
        replier.Respond = (request, response) => ReplyAsync(request, response, "n");
        await BrokerAsync(mesh, "refused", $"retry: 2\n    backoffPolicy: linear\n    backoffDelay: PT0.1S\n    deadLetterSink: {{ uri: \"{deadLetters.Url}\" }}");
        await TriggerAsync(mesh, "refused", "orders", replier, Orders);
        // Replies match a trigger, so the journal must store them before they are taken.
        await TriggerAsync(mesh, "refused", "confirmations", confirmations, Confirmed);
        // The disk refuses any commit carrying a reply (a SQL trigger in the journal file itself).
        await RefuseRepliesAsync(mesh.DataDirectory);

        await mesh.SendEventAsync("/refused/default", "order-9", Orders);

        await deadLetters.WaitForCountAsync(1);
        replier.Received.Count.ShouldBe(3, "the first attempt and two retries, each undone by its refused reply");
        replier.Received.ShouldAllBe(r => r.Ce("id") == "order-9");
        var dead = deadLetters.Received.ShouldHaveSingleItem();
        dead.Ce("id").ShouldBe("order-9");
        dead.Ce("type").ShouldBe(Orders);
        dead.Ce("knativeerrordest").ShouldBe(replier.Url.ToString());
        dead.Ce("knativeerrorcode").ShouldBeNull("the subscriber answered; what failed was its reply's way back");
        replies.Total.ShouldBe(0);
        refused.Total.ShouldBe(3, "each attempt's reply, refused by the journal");
        confirmations.Received.ShouldBeEmpty();
        await Eventually.TrueAsync(async () => await JournalFile.PendingAsync(mesh.DataDirectory) == 0, "the dead-lettered delivery to be settled");
    }

    private enum Phase { First, Waiting, BrokerBack }

    private static async Task<int> ReplyAsync(ReceivedRequest request, HttpResponse response, string suffix)
    {
        response.StatusCode = 200;
        response.Headers["ce-specversion"] = "1.0";
        response.Headers["ce-id"] = $"confirm-{request.Ce("id")}-{suffix}";
        response.Headers["ce-source"] = "/replier";
        response.Headers["ce-type"] = Confirmed;
        response.ContentType = "application/json";
        await response.WriteAsync("{}");
        return 200;
    }

    private static async Task RefuseRepliesAsync(string dataDirectory)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "journal.db")};Pooling=false");
        await connection.OpenAsync();
        await using var command = new SqliteCommand($"""
            CREATE TRIGGER refuse_replies BEFORE INSERT ON mesh_events
            WHEN instr(NEW.payload, CAST('{Confirmed}' AS BLOB)) > 0
            BEGIN SELECT RAISE(ABORT, 'the disk refuses'); END;
            CREATE TRIGGER refuse_sole_replies BEFORE INSERT ON mesh_deliveries
            WHEN NEW.payload IS NOT NULL AND instr(NEW.payload, CAST('{Confirmed}' AS BLOB)) > 0
            BEGIN SELECT RAISE(ABORT, 'the disk refuses'); END;
            """, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<HttpStatusCode> PostAsync(MeshHost mesh, string path, string id)
    {
        using var request = CloudEventRequests.Binary(id);
        request.RequestUri = new Uri(path, UriKind.Relative);
        return (await mesh.Http.SendAsync(request)).StatusCode;
    }

    private static Task BrokerAsync(MeshHost mesh, string ns, string delivery) => mesh.MustApplyAsync($"""
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {"{"} name: default, namespace: {ns} {"}"}
        spec:
          delivery:
            {delivery}
        """);

    private static async Task TriggerAsync(MeshHost mesh, string ns, string name, RecordingSubscriber subscriber, string type)
    {
        await mesh.MustApplyAsync($$"""
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: { name: {{name}}, namespace: {{ns}} }
            spec:
              broker: default
              filter: { attributes: { type: {{type}} } }
              subscriber: { uri: "{{subscriber.Url}}" }
            """);
        await mesh.WaitReadyAsync($"/apis/eventing.knative.dev/v1/namespaces/{ns}/triggers/{name}");
    }
}
