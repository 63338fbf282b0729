using System.Text;
using System.Text.Json.Nodes;

namespace Mesh.Tests.Cli;

public sealed class SendCommandTests : IAsyncLifetime
{
    private FakeMeshServer server = null!;

    public async Task InitializeAsync() => server = await FakeMeshServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private string Url(string path) => new Uri(server.Address, path).ToString();

    [Fact]
    public async Task Binary_mode_puts_attributes_in_ce_headers_and_the_data_bytes_in_the_body()
    {
        var result = await CliRun.RunAsync(server, "send", "--to", Url("/sink"), "--type", "dev.mesh.order",
            "--source", "/cli", "--id", "e-1", "--subject", "order 7", "--data", """{"n": 1}""",
            "--extension", "region=eu", "-e", "tenant=ä");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldBe("sent: 202\n");
        var request = server.Received.Single();
        request.Headers["ce-specversion"].ShouldBe("1.0");
        request.Headers["ce-id"].ShouldBe("e-1");
        request.Headers["ce-type"].ShouldBe("dev.mesh.order");
        request.Headers["ce-source"].ShouldBe("/cli");
        request.Headers["ce-subject"].ShouldBe("order%207");
        request.Headers["ce-time"].ShouldBe("2026-11-26T23:00:00.000Z");
        request.Headers["ce-region"].ShouldBe("eu");
        request.Headers["ce-tenant"].ShouldBe("%C3%A4");
        request.Headers["content-type"].ShouldBe("application/json");
        request.Body.ShouldBe(Encoding.UTF8.GetBytes("""{"n": 1}"""));
    }

    [Fact]
    public async Task Binary_mode_without_an_id_invents_a_guid_and_text_data_is_labelled_text_plain()
    {
        await CliRun.RunAsync(server, "send", "--to", Url("/sink"), "--type", "t", "--source", "s", "--data", "hello");

        var request = server.Received.Single();
        Guid.TryParse(request.Headers["ce-id"], out _).ShouldBeTrue();
        request.Headers["content-type"].ShouldBe("text/plain");
        Encoding.UTF8.GetString(request.Body).ShouldBe("hello");
    }

    [Fact]
    public async Task Structured_mode_posts_one_cloudevents_json_document_with_json_data_embedded()
    {
        var result = await CliRun.RunAsync(server, "send", "--to", Url("/sink"), "--type", "dev.mesh.order",
            "--source", "/cli", "--id", "e-2", "--data", """{"n":1}""", "--extension", "region=eu", "--structured");

        result.ExitCode.ShouldBe(0, result.Error);
        var request = server.Received.Single();
        request.Headers["content-type"].ShouldBe("application/cloudevents+json; charset=utf-8");
        request.Headers.Keys.ShouldNotContain(k => k.StartsWith("ce-"));
        JsonNode.DeepEquals(JsonNode.Parse(request.Body), JsonNode.Parse("""
            {"specversion":"1.0","id":"e-2","source":"/cli","type":"dev.mesh.order",
             "time":"2026-11-26T23:00:00.000Z","region":"eu","datacontenttype":"application/json","data":{"n":1}}
            """)).ShouldBeTrue(Encoding.UTF8.GetString(request.Body));
    }

    [Fact]
    public async Task A_refusal_prints_the_status_and_the_problem_detail_and_exits_1()
    {
        var result = await CliRun.RunAsync(server, "send", "--to", Url("/reject"), "--type", "t", "--source", "s");

        result.ExitCode.ShouldBe(1);
        result.Out.ShouldBe("sent: 400\n");
        result.Error.ShouldBe("error: ce-type: the broker only accepts dev.mesh.* types\n  type: must start with dev.mesh.\n");
    }

    [Theory]
    [InlineData("Region=eu", "extension name \"Region\" must use only lowercase letters a-z and digits 0-9")]
    [InlineData("my-ext=1", "extension name \"my-ext\" must use only lowercase letters a-z and digits 0-9")]
    [InlineData("id=1", "\"id\" is a core CloudEvents attribute, not an extension; use its own option")]
    [InlineData("novalue", "--extension \"novalue\" must be name=value")]
    public async Task A_bad_extension_is_refused_before_sending(string extension, string message)
    {
        var result = await CliRun.RunAsync(server, "send", "--to", Url("/sink"), "--type", "t", "--source", "s", "-e", extension);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldBe($"error: {message}\n");
        server.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_long_extension_name_is_sent_with_a_warning()
    {
        var result = await CliRun.RunAsync(server, "send", "--to", Url("/sink"), "--type", "t", "--source", "s",
            "-e", "averyveryverylongextension=1");

        result.ExitCode.ShouldBe(0);
        result.Error.ShouldContain("warning: extension name \"averyveryverylongextension\" is longer than the recommended 20 characters");
        server.Received.Single().Headers["ce-averyveryverylongextension"].ShouldBe("1");
    }
}
