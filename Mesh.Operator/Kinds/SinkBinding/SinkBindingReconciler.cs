using System.Collections.Concurrent;
using Mesh.Operator.Addressing;
using Mesh.Operator.Kubernetes;
using Mesh.Operator.Resources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Kinds.SinkBinding;

/// <summary>
/// SinkBindings: the subjects' pod templates get the resolved sink (<see cref="BindingEnvironment"/>),
/// kept current as the sink moves; a subject that stops matching, and every subject once the binding
/// is deleted, gets back its template without them. The subject's kind is watched, so that a subject
/// created, relabeled or rewritten later is bound (or unbound) too.
/// </summary>
public sealed partial class SinkBindingReconciler(
    DestinationResolver resolver, ClusterDiscovery discovery, BindingSubjects subjects, AddressableWatches watches,
    IOptions<OperatorModeOptions> mode, TimeProvider time, ILogger<SinkBindingReconciler> logger) : IKindReconciler<SinkBindingDeclaration>
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<ObjectKey, int> _failures = new();

    public async Task<JsonObject> ReconcileAsync(Declared<SinkBindingDeclaration> binding, CancellationToken cancellation)
    {
        var ns = binding.Namespace;
        var spec = binding.Spec;
        var conditions = new SinkBindingConditions(binding.Status, time);
        var status = new JsonObject();

        var sink = await resolver.ResolveAsync(spec.Sink, ns);
        conditions.MarkSink(sink);
        if (sink.Resolved) status["sinkUri"] = sink.Uri!.ToString();
        if (mode.Value.Mode != OperatorMode.Kubernetes)
            conditions.MarkUnbound("NotKubernetesMode", "a SinkBinding binds objects of a Kubernetes cluster");
        else
            await BindAsync(binding, sink, conditions, cancellation);

        status["observedGeneration"] = binding.Generation;
        status["conditions"] = conditions.ToJson();
        return status;
    }

    public TimeSpan? RequeueAfter(Declared<SinkBindingDeclaration> binding)
    {
        if (!_failures.TryGetValue(binding.Key, out var failures)) return null;
        var wait = FirstRetry * Math.Pow(2, Math.Min(failures - 1, 10));
        return wait > LastRetry ? LastRetry : wait;
    }

    public async Task RemoveAsync(Declaration declaration, SinkBindingDeclaration? spec, CancellationToken cancellation)
    {
        _failures.TryRemove(declaration.Key, out _);
        if (spec is null || mode.Value.Mode != OperatorMode.Kubernetes) return;
        try
        {
            if (await discovery.FindAsync(spec.Subject.ApiVersion, spec.Subject.Kind, cancellation) is not { } kind) return;
            foreach (var subject in await subjects.FindAsync(kind, declaration.Namespace, null, null, cancellation))
                if (BindingEnvironment.BindingOf(subject) == declaration.Name)
                    await subjects.UpdateAsync(kind, subject, BindingEnvironment.Unbind, cancellation);
        }
        catch (HttpRequestException e)
        {
            // The binding goes regardless: it must be deletable while its subjects cannot be written.
            LogUnbindFailed(logger, declaration.Key.ToString(), e.Message);
        }
    }

    public IEnumerable<ObjectKey> DependsOn(Declared<SinkBindingDeclaration> binding)
    {
        if (resolver.Target(binding.Spec.Sink, binding.Namespace) is { } sink) yield return sink;
        yield return SubjectKey(binding);
    }

    /// <summary>The subject by name, or (a selector) any object of its kind in the namespace: the key its watch's changes come under.</summary>
    private static ObjectKey SubjectKey(Declared<SinkBindingDeclaration> binding)
    {
        var subject = binding.Spec.Subject;
        var reference = new KReference(subject.ApiVersion, subject.Kind, subject.Name ?? "");
        var kind = new ResourceKind(reference.Group, reference.ApiVersion[(reference.Group.Length == 0 ? 0 : reference.Group.Length + 1)..], subject.Kind, "", [], []);
        return new ObjectKey(kind, binding.Namespace, subject.Name ?? AddressableChanges.AnyName);
    }

    private async Task BindAsync(Declared<SinkBindingDeclaration> binding, Resolution sink, SinkBindingConditions conditions, CancellationToken cancellation)
    {
        var ns = binding.Namespace;
        var subject = binding.Spec.Subject;
        try
        {
            if (await discovery.FindAsync(subject.ApiVersion, subject.Kind, cancellation) is not { } kind)
            {
                Failed(binding.Key);
                conditions.MarkUnbound("SubjectKindNotFound", $"the cluster serves no kind {subject.Kind} in {subject.ApiVersion}");
                return;
            }
            watches.Watch(kind);
            if (!sink.Resolved)
            {
                conditions.MarkUnbound("SinkNotResolved", "the subjects are left as they are until the sink resolves");
                return;
            }
            var variables = BindingEnvironment.Variables(sink.Uri!, binding.Spec.CeOverrides.Extensions, sink.Auth?.CACerts);
            var matching = await subjects.FindAsync(kind, ns, subject.Name, subject.Selector, cancellation);
            var names = matching.Select(m => (string?)m["metadata"]?["name"]).ToHashSet();
            foreach (var match in matching)
                await subjects.UpdateAsync(kind, match, s => BindingEnvironment.Bind(s, binding.Name, variables), cancellation);
            foreach (var stale in await subjects.FindAsync(kind, ns, null, null, cancellation))
                if (BindingEnvironment.BindingOf(stale) == binding.Name && !names.Contains((string?)stale["metadata"]?["name"]))
                    await subjects.UpdateAsync(kind, stale, BindingEnvironment.Unbind, cancellation);
            _failures.TryRemove(binding.Key, out _);
            if (subject.Name is not null && matching.Count == 0)
                conditions.MarkUnbound("SubjectMissing", $"{subject.Kind} {ns}/{subject.Name} does not exist");
            else
                conditions.MarkBound($"{matching.Count} {kind.Plural} bound: {string.Join(", ", names.Order())}");
        }
        catch (HttpRequestException e)
        {
            Failed(binding.Key);
            conditions.MarkUnbound("SubjectNotUpdated", $"{subject.Describe()} could not be read or written: {e.Message}");
        }
    }

    private void Failed(ObjectKey key) => _failures.AddOrUpdate(key, 1, (_, n) => n + 1);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleted SinkBinding {Binding} could not restore its subjects: {Error}")]
    private static partial void LogUnbindFailed(ILogger logger, string binding, string error);
}
