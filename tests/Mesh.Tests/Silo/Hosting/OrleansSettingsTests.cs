using Mesh.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Mesh.Tests.Silo.Hosting;

/// <summary>Orleans' failure detection and call timeout are settings, checked with messages that name the key.</summary>
public sealed class OrleansSettingsTests
{
    private static IServiceProvider Silo(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddOrleans(silo => silo.AddOrleansSettings());
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Membership_and_messaging_settings_are_read_from_the_Orleans_section()
    {
        var silo = Silo(new()
        {
            ["Orleans:Membership:ProbeTimeout"] = "00:00:01",
            ["Orleans:Membership:NumMissedProbesLimit"] = "2",
            ["Orleans:Membership:NumVotesForDeathDeclaration"] = "1",
            ["Orleans:Messaging:ResponseTimeout"] = "00:00:10",
        });

        var membership = silo.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
        membership.ProbeTimeout.ShouldBe(TimeSpan.FromSeconds(1));
        membership.NumMissedProbesLimit.ShouldBe(2);
        membership.NumVotesForDeathDeclaration.ShouldBe(1);
        silo.GetRequiredService<IOptions<SiloMessagingOptions>>().Value.ResponseTimeout.ShouldBe(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Unset_keys_keep_the_Orleans_defaults()
    {
        var membership = Silo([]).GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;

        membership.ProbeTimeout.ShouldBe(new ClusterMembershipOptions().ProbeTimeout);
        membership.NumVotesForDeathDeclaration.ShouldBe(new ClusterMembershipOptions().NumVotesForDeathDeclaration);
    }

    [Fact]
    public void More_death_votes_than_probing_silos_is_refused_with_the_key()
    {
        var options = new ClusterMembershipOptions { NumProbedSilos = 2, NumVotesForDeathDeclaration = 3 };

        var failure = new MembershipSettingsValidator().Validate(null, options).Failures.ShouldHaveSingleItem();

        failure.ShouldContain("Orleans:Membership:NumVotesForDeathDeclaration");
    }

    [Fact]
    public void A_probe_timeout_of_zero_is_refused_with_the_key() =>
        new MembershipSettingsValidator().Validate(null, new ClusterMembershipOptions { ProbeTimeout = TimeSpan.Zero })
            .Failures.ShouldHaveSingleItem().ShouldContain("Orleans:Membership:ProbeTimeout");
}
