namespace Mesh.Operator.Kubernetes.Webhooks;

/// <summary>The parts of an <c>admission.k8s.io/v1</c> AdmissionReview request the webhooks read.</summary>
public sealed record AdmissionRequest(
    string Uid, string Group, string Version, string Resource, string? SubResource, string Operation,
    string Namespace, string Name, JsonObject? Object, JsonObject? OldObject)
{
    /// <summary>The request of a review body, or null with what is wrong with it.</summary>
    public static AdmissionRequest? Parse(JsonNode? body, out string? problem)
    {
        problem = null;
        if (body is not JsonObject review || Text(review["apiVersion"]) != "admission.k8s.io/v1" || Text(review["kind"]) != "AdmissionReview")
        {
            problem = "The body must be an AdmissionReview of apiVersion admission.k8s.io/v1.";
            return null;
        }
        if (review["request"] is not JsonObject request || Text(request["uid"]) is not { Length: > 0 } uid)
        {
            problem = "request.uid is required.";
            return null;
        }
        if (request["resource"] is not JsonObject resource || Text(resource["resource"]) is not { Length: > 0 } plural || Text(request["operation"]) is not { Length: > 0 } operation)
        {
            problem = "request.resource.resource and request.operation are required.";
            return null;
        }
        if (request["object"] is { } o && o is not JsonObject || request["oldObject"] is { } old && old is not JsonObject)
        {
            problem = "request.object and request.oldObject must be objects.";
            return null;
        }
        return new AdmissionRequest(uid, Text(resource["group"]) ?? "", Text(resource["version"]) ?? "", plural, Text(request["subResource"]),
            operation, Text(request["namespace"]) ?? "", Text(request["name"]) ?? "", request["object"] as JsonObject, request["oldObject"] as JsonObject);
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
