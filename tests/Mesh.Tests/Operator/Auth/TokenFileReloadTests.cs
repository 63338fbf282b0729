using System.Net;
using Mesh.Operator.Auth.Identities;

namespace Mesh.Tests.Operator.Auth;

public sealed class TokenFileReloadTests
{
    [Fact]
    public async Task A_token_added_to_the_file_is_accepted_and_a_revoked_one_refused_without_a_restart()
    {
        await using var auth = await AuthenticatedMesh.StartAsync();
        using var carol = auth.As("carol-token");
        using var admin = auth.As(AuthenticatedMesh.AdminToken);
        (await carol.GetAsync("/apis")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        auth.Tokens.Write("carol-token,carol,4");
        await Eventually.TrueAsync(async () => (await carol.GetAsync("/apis")).StatusCode == HttpStatusCode.OK, "carol's new token to be accepted");
        (await admin.GetAsync("/apis")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "the admin line was removed from the file");
    }

    [Fact]
    public async Task A_file_that_no_longer_parses_keeps_the_identities_read_before()
    {
        await using var auth = await AuthenticatedMesh.StartAsync();
        using var admin = auth.As(AuthenticatedMesh.AdminToken);
        (await admin.GetAsync("/apis")).StatusCode.ShouldBe(HttpStatusCode.OK);

        auth.Tokens.Write("only-two,columns");

        (await admin.GetAsync("/apis")).StatusCode.ShouldBe(HttpStatusCode.OK);
        auth.Logs.Lines.ShouldContain(l => l.Contains("could not be read") && l.Contains("line 1"));
    }

    [Theory]
    [InlineData("t1,alice,1\n", "alice", "1", new[] { "system:authenticated" })]
    [InlineData("t1,alice,1,\"a,b\"\n", "alice", "1", new[] { "a", "b", "system:authenticated" })]
    [InlineData("t1, alice , 1 ,a\r\n\n", "alice", "1", new[] { "a", "system:authenticated" })]
    [InlineData("t0,old,0\nt1,alice,1,\"x\"\n", "alice", "1", new[] { "x", "system:authenticated" })]
    public void The_static_token_csv_reads_as_kube_apiserver_reads_it(string text, string user, string uid, string[] groups)
    {
        var found = StaticTokenCsv.Parse(text)["t1"];

        found.Name.ShouldBe(user);
        found.Uid.ShouldBe(uid);
        found.Groups.ShouldBe(groups);
    }

    [Theory]
    [InlineData("secret,alice\n", "line 1 must have at least 3 columns")]
    [InlineData("a,b,c\nsecret,\"unterminated\n", "line 2 has a quote")]
    public void A_malformed_token_file_is_refused_naming_the_line_but_never_the_token(string text, string message)
    {
        var error = Should.Throw<FormatException>(() => StaticTokenCsv.Parse(text));

        error.Message.ShouldContain(message);
        error.Message.ShouldNotContain("secret");
    }
}
