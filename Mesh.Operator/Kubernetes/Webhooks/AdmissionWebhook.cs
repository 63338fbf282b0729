using k8s.Autorest;
using Mesh.Operator.Kinds;
using Mesh.Operator.Kinds.Broker;
using Mesh.Operator.Kinds.Trigger;
using Mesh.Operator.Resources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Kubernetes.Webhooks;

/// <summary>
/// The answers of the two webhooks, from the kind's own <see cref="IKindDefinition.Admit"/> (the
/// rules the operator applies after the fact too): defaulting patches in what Admit fills in;
/// validation refuses with Admit's field errors, the stored object as the previous version on an
/// update. Objects that are not the mesh's (<see cref="BrokerClassRule"/>: another class's Broker,
/// a Trigger of one) and kinds it does not watch are allowed untouched.
/// </summary>
public sealed partial class AdmissionWebhook(
    KindRegistry kinds, KindClients clients, BrokerClassRule classes, IOptions<KubernetesOptions> options, ILogger<AdmissionWebhook> logger)
{
    public async Task<JsonObject> DefaultAsync(AdmissionRequest request, CancellationToken cancellation)
    {
        if (await DecideAsync(request, cancellation) is not { } decision) return AdmissionReview.Allowed(request.Uid);
        if (decision.Unavailable is { } problem) return AdmissionReview.Unavailable(request.Uid, problem);
        // A refused object is not defaulted; the validating webhook refuses it with the reasons.
        if (decision.Admission is not { Object: { } admitted }) return AdmissionReview.Allowed(request.Uid);
        return AdmissionReview.Allowed(request.Uid, JsonPatchDiff.Between(request.Object!, admitted, "metadata.labels", "metadata.annotations", "spec"));
    }

    public async Task<JsonObject> ValidateAsync(AdmissionRequest request, CancellationToken cancellation)
    {
        if (await DecideAsync(request, cancellation) is not { } decision) return AdmissionReview.Allowed(request.Uid);
        if (decision.Unavailable is { } problem) return AdmissionReview.Unavailable(request.Uid, problem);
        if (decision.Admission!.Allowed) return AdmissionReview.Allowed(request.Uid);
        LogRefused(logger, decision.Kind.Kind, request.Namespace, request.Name, decision.Admission.Errors.Count);
        return AdmissionReview.Invalid(request.Uid, decision.Kind.Kind, decision.Admission.Errors);
    }

    private sealed record Decision(ResourceKind Kind, Admission? Admission, string? Unavailable);

    /// <returns>Null when the request is not the mesh's to judge.</returns>
    private async Task<Decision?> DecideAsync(AdmissionRequest request, CancellationToken cancellation)
    {
        if (request.Operation is not ("CREATE" or "UPDATE") || request.SubResource is { Length: > 0 } || request.Object is not { } obj) return null;
        if (kinds.ByPath(request.Group, request.Version, request.Resource) is not { } definition
            || !clients.All.Any(c => c.Kind.Equals(definition.Kind))) return null;
        // Knative lets an object being deleted through, so that its finalizers can be removed.
        if (obj["metadata"]?["deletionTimestamp"] is not null) return null;
        try
        {
            if (!await IsOursAsync(definition.Kind, request.Namespace, obj, cancellation)
                && !(request.OldObject is { } old && await IsOursAsync(definition.Kind, request.Namespace, old, cancellation)))
                return null;
        }
        catch (HttpOperationException e)
        {
            return new Decision(definition.Kind, null, $"Could not read the Trigger's Broker to tell whether it is the mesh's: {e.Response.StatusCode}");
        }
        var name = request.Name.Length > 0 ? request.Name : FieldReader.TextOf(obj["metadata"]?["name"]) ?? "";
        var declared = DeclarationIdentity.Named(obj, request.Namespace, name);
        return new Decision(definition.Kind, definition.Admit(request.OldObject, declared), null);
    }

    private async Task<bool> IsOursAsync(ResourceKind kind, string ns, JsonObject obj, CancellationToken cancellation)
    {
        if (kind.Equals(BrokerKind.Resource)) return classes.IsMeshBroker(obj);
        if (!kind.Equals(TriggerKind.Resource)) return true;
        // Every instance answers webhooks, and only the leader watches Brokers: ask the cluster.
        if (FieldReader.TextOf(obj["spec"]?["broker"]) is not { Length: > 0 } brokerName) return options.Value.DefaultBrokerClass;
        return await clients.For(BrokerKind.Resource).GetAsync(ns, brokerName, cancellation) is { } broker
            ? classes.IsMeshBroker(broker)
            : options.Value.DefaultBrokerClass;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Admission refused {Kind} {Namespace}/{Name}: {Count} field error(s)")]
    private static partial void LogRefused(ILogger logger, string kind, string @namespace, string name, int count);
}
