using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Mesh.Silo.Hosting;

/// <summary>
/// Orleans' own failure-detection, messaging and directory settings, taken from configuration so
/// that an operator can tune them without a build: <c>Orleans:Membership</c> binds
/// <see cref="ClusterMembershipOptions"/>, <c>Orleans:Messaging</c> binds
/// <see cref="SiloMessagingOptions"/> and <c>Orleans:Directory</c> binds <see cref="GrainDirectoryOptions"/>.
/// Unset keys keep Orleans' defaults (a dead silo is declared dead after about three missed 5 s
/// probes and two votes; a grain call times out after 30 s), except the directory cache's size.
/// </summary>
public static class OrleansSettingsExtensions
{
    public const string MembershipSection = "Orleans:Membership";
    public const string MessagingSection = "Orleans:Messaging";
    public const string DirectorySection = "Orleans:Directory";

    /// <summary>
    /// Grain addresses cached per silo. Orleans' default, a million, sizes its cache's table up
    /// front (18 MB of the heap before any grain exists); a mesh has a few grains per object.
    /// </summary>
    public const int DirectoryCacheSize = 100_000;

    public static ISiloBuilder AddOrleansSettings(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddOptions<ClusterMembershipOptions>().BindConfiguration(MembershipSection).ValidateOnStart();
        silo.Services.AddSingleton<IValidateOptions<ClusterMembershipOptions>, MembershipSettingsValidator>();
        silo.Services.AddOptions<SiloMessagingOptions>().BindConfiguration(MessagingSection);
        silo.Services.AddOptions<GrainDirectoryOptions>().Configure(o => o.CacheSize = DirectoryCacheSize).BindConfiguration(DirectorySection);
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
