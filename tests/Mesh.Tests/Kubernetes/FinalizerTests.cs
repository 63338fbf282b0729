using System.Collections.Concurrent;
using Mesh.Operator.Kinds;
using Mesh.Operator.Kubernetes;
using Mesh.Operator.Resources;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Tests.Kubernetes;

/// <summary>A kind whose deletion has outside effects keeps a finalizer until the mesh has undone them.</summary>
[Collection(KubernetesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class FinalizerTests(KubernetesApiServer server)
{
    private static readonly ResourceKind Hook = new("hooks.mesh.test", "v1", "Hook", "hooks", [], []);

    // A kind of the test's own: its CRD, and the rights the operator's ServiceAccount would get for it.
    private const string HookCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: { name: hooks.hooks.mesh.test }
        spec:
          group: hooks.mesh.test
          scope: Namespaced
          names: { kind: Hook, plural: hooks, singular: hook, listKind: HookList }
          versions:
            - name: v1
              served: true
              storage: true
              subresources: { status: {} }
              schema:
                openAPIV3Schema:
                  type: object
                  properties:
                    spec: { type: object, x-kubernetes-preserve-unknown-fields: true }
                    status: { type: object, x-kubernetes-preserve-unknown-fields: true }
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: { name: mesh-test-hooks }
        rules:
          - apiGroups: [hooks.mesh.test]
            resources: [hooks, hooks/status, hooks/finalizers]
            verbs: [get, list, watch, update, patch]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: { name: mesh-test-hooks }
        roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: mesh-test-hooks }
        subjects: [{ kind: ServiceAccount, name: mesh, namespace: mesh-system }]
        """;

    [KubernetesFact]
    public async Task Deleting_an_object_with_outside_effects_runs_its_removal_before_kubernetes_deletes_it()
    {
        var file = Path.Combine(server.Directory, "hook-kind.yaml");
        await File.WriteAllTextAsync(file, HookCrd);
        await server.KubectlAsync("apply", "-f", file);
        await server.KubectlAsync("wait", "--for=condition=Established", "crd/hooks.hooks.mesh.test", "--timeout=60s");
        var ns = await server.Objects.CreateNamespaceAsync();
        var hooks = new HookReconciler();
        await using var mesh = await KubernetesMesh.StartAsync(server, ns, services: services => services.AddSingleton<IKindDefinition>(new HookKind(hooks)));
        await server.Objects.CreateAsync(Hook, ns, "apiVersion: hooks.mesh.test/v1\nkind: Hook\nmetadata: { name: h1 }\nspec: { url: https://example.test/ }");

        var ready = await server.Objects.WaitReadyAsync(Hook, ns, "h1");
        Finalizers.Has(ready, "hooks.hooks.mesh.test").ShouldBeTrue();

        var marked = await server.Objects.DeleteAsync(Hook, ns, "h1");
        marked["metadata"]!["deletionTimestamp"].ShouldNotBeNull();
        await Eventually.TrueAsync(async () => await server.Objects.GetAsync(Hook, ns, "h1") is null, "the hook to be gone from the cluster once its finalizer is dropped");
        hooks.Removed.ShouldBe([$"{ns}/h1"]);
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
