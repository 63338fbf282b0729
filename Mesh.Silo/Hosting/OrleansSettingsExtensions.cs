using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Mesh.Silo.Hosting;

/// <summary>
/// Orleans' own failure-detection and messaging settings, taken from configuration so that an
/// operator can tune them without a build: <c>Orleans:Membership</c> binds
/// <see cref="ClusterMembershipOptions"/> and <c>Orleans:Messaging</c> binds
/// <see cref="SiloMessagingOptions"/>. Unset keys keep Orleans' defaults (a dead silo is declared
/// dead after about three missed 5 s probes and two votes; a grain call times out after 30 s).
/// </summary>
public static class OrleansSettingsExtensions
{
    public const string MembershipSection = "Orleans:Membership";
    public const string MessagingSection = "Orleans:Messaging";

    public static ISiloBuilder AddOrleansSettings(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddOptions<ClusterMembershipOptions>().BindConfiguration(MembershipSection).ValidateOnStart();
        silo.Services.AddSingleton<IValidateOptions<ClusterMembershipOptions>, MembershipSettingsValidator>();
        silo.Services.AddOptions<SiloMessagingOptions>().BindConfiguration(MessagingSection);
        return silo;
    }
}

/// <summary>Refuses membership settings that would never declare a silo dead, or always would, naming the key.</summary>
public sealed class MembershipSettingsValidator : IValidateOptions<ClusterMembershipOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterMembershipOptions options)
    {
        var failures = new List<string>();
        var section = OrleansSettingsExtensions.MembershipSection;
        Positive(options.ProbeTimeout, "ProbeTimeout");
        Positive(options.TableRefreshTimeout, "TableRefreshTimeout");
        Positive(options.IAmAliveTablePublishTimeout, "IAmAliveTablePublishTimeout");
        Positive(options.DeathVoteExpirationTimeout, "DeathVoteExpirationTimeout");
        if (options.NumMissedProbesLimit < 1)
            failures.Add($"{section}:NumMissedProbesLimit must be at least 1 (was {options.NumMissedProbesLimit}).");
        if (options.NumProbedSilos < 1)
            failures.Add($"{section}:NumProbedSilos must be at least 1 (was {options.NumProbedSilos}).");
        // More votes than probers can ever be cast: a dead silo would stay in the cluster for good.
        if (options.NumVotesForDeathDeclaration < 1 || options.NumVotesForDeathDeclaration > options.NumProbedSilos)
            failures.Add($"{section}:NumVotesForDeathDeclaration must be between 1 and NumProbedSilos ({options.NumProbedSilos}) (was {options.NumVotesForDeathDeclaration}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Positive(TimeSpan value, string key)
        {
            if (value <= TimeSpan.Zero) failures.Add($"{section}:{key} must be a positive duration (was {value}).");
        }
    }
}
