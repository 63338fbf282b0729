using Mesh.Operator.Kinds.ApiServerSource;
using Mesh.Operator.Kinds.Broker;
using Mesh.Operator.Kinds.Channel;
using Mesh.Operator.Kinds.ClusterRole;
using Mesh.Operator.Kinds.ClusterRoleBinding;
using Mesh.Operator.Kinds.EventPolicy;
using Mesh.Operator.Kinds.GitHubSource;
using Mesh.Operator.Kinds.InMemoryChannel;
using Mesh.Operator.Kinds.KnativeService;
using Mesh.Operator.Kinds.Parallel;
using Mesh.Operator.Kinds.PingSource;
using Mesh.Operator.Kinds.Role;
using Mesh.Operator.Kinds.RoleBinding;
using Mesh.Operator.Kinds.Secret;
using Mesh.Operator.Kinds.Sequence;
using Mesh.Operator.Kinds.SinkBinding;
using Mesh.Operator.Kinds.Subscription;
using Mesh.Operator.Kinds.Trigger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Kinds;

/// <summary>
/// The kinds the mesh serves, one line each. Everything else that needs the list of kinds (the
/// resource API and its discovery, the Kubernetes watches, the resync, the CLI through discovery)
/// derives it from what is registered here.
/// </summary>
public static class MeshKinds
{
    /// <summary>In resync order: the targets of references before the kinds that refer to them.</summary>
    public static IServiceCollection AddMeshKinds(this IServiceCollection services) => services
        .AddKind<RoleKind>()
        .AddKind<ClusterRoleKind>()
        .AddKind<RoleBindingKind>()
        .AddKind<ClusterRoleBindingKind>()
        .AddKind<SecretKind, SecretReconciler>(also => also.AddSingleton<StoredSecrets>().AddSingleton<SecretReferences>())
        .AddKind<KnativeServiceKind>()
        .AddKind<BrokerKind, BrokerReconciler>()
        .AddKind<InMemoryChannelKind, InMemoryChannelReconciler>()
        .AddKind<ChannelKind, ChannelReconciler>()
        .AddKind<EventPolicyKind, EventPolicyReconciler>(also => also.AddSingleton<EventPolicies>())
        .AddKind<SequenceKind, SequenceReconciler>()
        .AddKind<ParallelKind, ParallelReconciler>()
        .AddKind<SubscriptionKind, SubscriptionReconciler>()
        .AddKind<TriggerKind, TriggerReconciler>()
        .AddKind<PingSourceKind, PingSourceReconciler>()
        .AddKind<ApiServerSourceKind, ApiServerSourceReconciler>()
        .AddKind<SinkBindingKind, SinkBindingReconciler>(also => also.AddSingleton<BindingSubjects>())
        .AddKind<GitHubSourceKind, GitHubSourceReconciler>(also =>
        {
            also.AddSingleton<GitHubWebhooks>();
            also.AddOptions<GitHubApiOptions>().BindConfiguration(GitHubApiOptions.Section).ValidateOnStart();
            also.AddSingleton<IValidateOptions<GitHubApiOptions>, GitHubApiOptionsValidator>();
        });
}
