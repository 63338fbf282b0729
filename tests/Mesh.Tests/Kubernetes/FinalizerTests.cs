using System.Collections.Concurrent;
using Mesh.Operator.Kinds;
using Mesh.Operator.Kubernetes;
using Mesh.Operator.Resources;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Tests.Kubernetes;

/// <summary>A kind whose deletion has outside effects keeps a finalizer until the mesh has undone them.</summary>
public sealed class FinalizerTests
{
    private static readonly ResourceKind Hook = new("hooks.mesh.test", "v1", "Hook", "hooks", [], []);

    [Fact]
    public async Task Deleting_an_object_with_outside_effects_runs_its_removal_before_kubernetes_deletes_it()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        var hooks = new HookReconciler();
        await using var mesh = await KubernetesMesh.StartAsync(api, "solo", services => services.AddSingleton<IKindDefinition>(new HookKind(hooks)));
        api.Create(Hook, "apiVersion: hooks.mesh.test/v1\nkind: Hook\nmetadata: { name: h1, namespace: default }\nspec: { url: https://example.test/ }");

        await KubernetesMesh.WaitReadyAsync(api, Hook, "h1");
        Finalizers.Has(api.Get(Hook, "h1")!, "hooks.hooks.mesh.test").ShouldBeTrue();

        api.Delete(Hook, "h1");
        await Eventually.TrueAsync(() => api.Get(Hook, "h1") is null, "the hook to be gone from the cluster once its finalizer is dropped");
        hooks.Removed.ShouldBe(["default/h1"]);
    }

    /// <summary>A kind added by one registration: a definition over a typed spec and a reconciler.</summary>
    private sealed class HookKind(HookReconciler reconciler) : KindDefinition<HookSpec>(reconciler, TimeProvider.System)
    {
        public override ResourceKind Kind => Hook;
        public override bool HasExternalEffects => true;
    }

    private sealed record HookSpec(string Url) : IDeclarationSpec<HookSpec>
    {
        public static HookSpec? Parse(FieldReader spec, JsonObject metadata) => spec.String("url", "url is required") is { } url ? new(url) : null;
    }

    private sealed class HookReconciler : IKindReconciler<HookSpec>
    {
        public ConcurrentQueue<string> Removed { get; } = new();

        public Task<JsonObject> ReconcileAsync(Declared<HookSpec> declared, CancellationToken cancellation) => Task.FromResult(new JsonObject
        {
            ["observedGeneration"] = declared.Generation,
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }),
        });

        public Task RemoveAsync(Declaration declaration, HookSpec? spec, CancellationToken cancellation)
        {
            Removed.Enqueue(declaration.Key.GrainKey);
            return Task.CompletedTask;
        }
    }
}
