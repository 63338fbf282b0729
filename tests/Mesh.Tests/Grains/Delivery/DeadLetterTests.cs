using System.Text;
using Mesh.Grains.Delivery;
using Mesh.Grains.Events;

namespace Mesh.Tests.Grains.Delivery;

public sealed class DeadLetterTests
{
    private static readonly Uri Subscriber = new("http://subscriber.example/hook");

    private static EventEnvelope Event() => new(
        new Dictionary<string, string>
        {
            ["specversion"] = "1.0", ["id"] = "e-1", ["source"] = "/tests", ["type"] = "dev.mesh.test",
            ["knativebrokerttl"] = "254", ["myext"] = "kept",
        },
        Encoding.UTF8.GetBytes("payload"));

    [Fact]
    public void Annotation_names_the_destination_the_code_and_the_body()
    {
        var annotated = DeadLetter.Annotate(Event(), Subscriber, new DeliveryOutcome(500, Encoding.UTF8.GetBytes("boom"), null, null));

        annotated["knativeerrordest"].ShouldBe("http://subscriber.example/hook");
        annotated["knativeerrorcode"].ShouldBe("500");
        annotated["knativeerrordata"].ShouldBe(Convert.ToBase64String(Encoding.UTF8.GetBytes("boom")));
    }

    [Fact]
    public void Annotation_keeps_the_original_event_and_drops_the_hop_counter()
    {
        var original = Event();
        var annotated = DeadLetter.Annotate(original, Subscriber, new DeliveryOutcome(400, [], null, null));

        annotated.Id.ShouldBe("e-1");
        annotated["myext"].ShouldBe("kept");
        annotated.Data.ShouldBe(original.Data);
        annotated["knativebrokerttl"].ShouldBeNull();
        original["knativeerrordest"].ShouldBeNull();
    }

    [Fact]
    public void Error_data_is_base64_of_at_most_the_first_KiB_of_a_5_KiB_body()
    {
        var body = new byte[5 * 1024];
        new Random(7).NextBytes(body);

        var annotated = DeadLetter.Annotate(Event(), Subscriber, new DeliveryOutcome(500, body, null, null));

        Convert.FromBase64String(annotated["knativeerrordata"]!).ShouldBe(body[..1024]);
    }

    [Fact]
    public void No_answer_leaves_out_code_and_data()
    {
        var annotated = DeadLetter.Annotate(Event(), Subscriber, new DeliveryOutcome(null, [], null, null, "connection refused"));

        annotated["knativeerrordest"].ShouldBe("http://subscriber.example/hook");
        annotated["knativeerrorcode"].ShouldBeNull();
        annotated["knativeerrordata"].ShouldBeNull();
    }
}
