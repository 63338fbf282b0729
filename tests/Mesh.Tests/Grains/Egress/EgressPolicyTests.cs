using System.Net;
using Mesh.Grains.Egress;
using Microsoft.Extensions.Options;

namespace Mesh.Tests.Grains.Egress;

public sealed class EgressPolicyTests
{
    private static EgressPolicy Policy(string[]? allow = null, string[]? deny = null)
    {
        var options = new EgressOptions { Allow = [.. allow ?? []], Deny = [.. deny ?? []] };
        options.ReservedPorts[11111] = "Mesh:SiloPort";
        options.ReservedPorts[30000] = "Mesh:GatewayPort";
        return new EgressPolicy(Options.Create(options));
    }

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.0.1")]
    [InlineData("fe80::1")]
    [InlineData("100.100.100.200")]
    [InlineData("fd00:ec2::254")]
    [InlineData("::ffff:169.254.169.254")]
    public void Link_local_and_metadata_addresses_are_refused_by_default(string address)
    {
        var decision = Policy().Check(IPAddress.Parse(address), 80);
        decision.Allowed.ShouldBeFalse();
        decision.Reason!.ShouldContain("Mesh:Egress:Allow");
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("10.1.2.3")]
    [InlineData("192.168.1.10")]
    [InlineData("100.100.100.201")]
    public void Loopback_and_private_addresses_are_allowed_by_default(string address) =>
        Policy().Check(IPAddress.Parse(address), 8080).Allowed.ShouldBeTrue();

    [Fact]
    public void Allow_opens_a_default_denied_range_of_the_same_or_a_narrower_prefix()
    {
        Policy(allow: ["169.254.0.0/16"]).Check(IPAddress.Parse("169.254.169.254"), 80).Allowed.ShouldBeTrue();
        Policy(allow: ["169.254.10.0/24"]).Check(IPAddress.Parse("169.254.10.7"), 80).Allowed.ShouldBeTrue();
        Policy(allow: ["169.254.10.0/24"]).Check(IPAddress.Parse("169.254.169.254"), 80).Allowed.ShouldBeFalse();
    }

    [Fact]
    public void A_broader_allow_does_not_open_a_narrower_default()
    {
        Policy(allow: ["169.0.0.0/8"]).Check(IPAddress.Parse("169.254.169.254"), 80).Allowed.ShouldBeFalse();
        Policy(allow: ["169.0.0.0/8"]).Check(IPAddress.Parse("169.1.2.3"), 80).Allowed.ShouldBeTrue();
    }

    [Fact]
    public void Deny_adds_ranges_and_the_most_specific_range_decides()
    {
        var policy = Policy(allow: ["10.1.0.0/16"], deny: ["10.0.0.0/8", "10.1.2.3"]);
        var refused = policy.Check(IPAddress.Parse("10.9.9.9"), 80);
        refused.Allowed.ShouldBeFalse();
        refused.Reason.ShouldBe("10.9.9.9:80 is in 10.0.0.0/8, refused by Mesh:Egress:Deny:0");
        policy.Check(IPAddress.Parse("10.1.9.9"), 80).Allowed.ShouldBeTrue();
        policy.Check(IPAddress.Parse("10.1.2.3"), 80).Reason.ShouldBe("10.1.2.3:80 is in 10.1.2.3/32, refused by Mesh:Egress:Deny:1");
    }

    [Fact]
    public void At_equal_prefix_length_deny_beats_allow() =>
        Policy(allow: ["10.0.0.0/8"], deny: ["10.0.0.0/8"]).Check(IPAddress.Parse("10.0.0.1"), 80).Allowed.ShouldBeFalse();

    [Theory]
    [InlineData("127.0.0.1", 11111, "Mesh:SiloPort")]
    [InlineData("127.0.0.1", 30000, "Mesh:GatewayPort")]
    [InlineData("::1", 11111, "Mesh:SiloPort")]
    [InlineData("0.0.0.0", 30000, "Mesh:GatewayPort")]
    [InlineData("127.8.9.10", 11111, "Mesh:SiloPort")]
    public void The_mesh_own_Orleans_ports_are_refused_on_local_addresses(string address, int port, string setting)
    {
        var decision = Policy(allow: ["0.0.0.0/0", "::/0"]).Check(IPAddress.Parse(address), port);
        decision.Allowed.ShouldBeFalse();
        decision.Reason!.ShouldContain(setting);
    }

    [Fact]
    public void The_same_port_on_another_host_is_allowed() =>
        Policy().Check(IPAddress.Parse("203.0.113.7"), 11111).Allowed.ShouldBeTrue();

    [Theory]
    [InlineData("file:///etc/passwd", "file")]
    [InlineData("gopher://127.0.0.1:70/", "gopher")]
    [InlineData("ftp://example.com/x", "ftp")]
    [InlineData("data:text/plain,hello", "data")]
    public void Schemes_other_than_http_and_https_are_refused(string uri, string scheme)
    {
        var decision = Policy().Check(new Uri(uri));
        decision.Allowed.ShouldBeFalse();
        decision.Reason!.ShouldContain($"'{scheme}'");
    }

    [Theory]
    [InlineData("http://localhost:11111/", false)]
    [InlineData("http://mesh.localhost:30000/", false)]
    [InlineData("http://[::1]:11111/", false)]
    [InlineData("http://169.254.169.254/latest/meta-data/", false)]
    [InlineData("http://localhost:8080/default/default", true)]
    [InlineData("https://subscriber.example.com/", true)]
    [InlineData("http://metadata.example.internal/", true)]
    public void At_apply_time_literal_addresses_and_localhost_are_checked_and_names_are_left_to_connect_time(string uri, bool allowed) =>
        Policy().Check(new Uri(uri)).Allowed.ShouldBe(allowed);

    [Fact]
    public void A_range_that_does_not_parse_fails_start_up_naming_the_key()
    {
        var result = new EgressOptionsValidator().Validate(null, new EgressOptions { Allow = ["10.0.0.0/8"], Deny = ["10.0.0.0/33", "nonsense"] });
        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldContain("Mesh:Egress:Deny:0");
        result.FailureMessage.ShouldContain("Mesh:Egress:Deny:1");
        result.FailureMessage.ShouldNotContain("Mesh:Egress:Allow:0");
    }
}
