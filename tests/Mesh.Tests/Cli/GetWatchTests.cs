using System.Text;
using Mesh.Cli.Commands;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Tests.Cli;

/// <summary><c>mesh get KIND -w</c> against a real mesh: the list, then a row per change until interrupted.</summary>
[Collection(SharedMesh.Name)]
public sealed class GetWatchTests(MeshFixture fixture)
{
    private readonly MeshHost _mesh = fixture.Mesh;

    private sealed class SharedText
    {
        private readonly StringBuilder _text = new();
        public TextWriter Writer { get; }
        public SharedText() => Writer = TextWriter.Synchronized(new StringWriter(_text) { NewLine = "\n" });
        public override string ToString()
        {
            lock (Writer) return _text.ToString();
        }
    }

    [Fact]
    public async Task Get_with_watch_prints_the_list_then_each_new_object_until_interrupted()
    {
        const string ns = "cli-watch";
        await _mesh.MustApplyAsync($$"""
            apiVersion: v1
            kind: Secret
            metadata: { name: first, namespace: {{ns}} }
            stringData: { k: v }
            """);
        var output = new SharedText();
        var error = new SharedText();
        using var http = new HttpClient();
        var context = new CliContext(output.Writer, error.Writer, () => new StringReader(""), http,
            new FakeTimeProvider(DateTimeOffset.UtcNow), _mesh.BaseAddress.ToString(), null, null);
        using var interrupt = new CancellationTokenSource();

        var run = MeshRootCommand.RunAsync(context, ["get", "secrets", "-n", ns, "-w"], interrupt.Token);
        await Eventually.TrueAsync(() => output.ToString().Contains("first"), "the list to be printed", output.ToString);
        await _mesh.MustApplyAsync($$"""
            apiVersion: v1
            kind: Secret
            metadata: { name: second, namespace: {{ns}} }
            stringData: { k: v }
            """);
        await Eventually.TrueAsync(() => output.ToString().Contains("second"), "the new object to be printed", () => output + error.ToString());

        await interrupt.CancelAsync();
        (await run).ShouldBe(0, error.ToString());
        output.ToString().Split('\n').Count(l => l.StartsWith("NAME", StringComparison.Ordinal)).ShouldBe(1, "one header, then rows");
    }
}
