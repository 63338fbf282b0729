using System.Text;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kubernetes.Webhooks;

/// <summary>The <c>admission.k8s.io/v1</c> AdmissionReview answers the webhooks give.</summary>
public static class AdmissionReview
{
    public static JsonObject Allowed(string uid, JsonArray? patch = null)
    {
        var response = new JsonObject { ["uid"] = uid, ["allowed"] = true };
        if (patch is { Count: > 0 })
        {
            response["patchType"] = "JSONPatch";
            response["patch"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(patch.ToJsonString()));
        }
        return Wrap(response);
    }

    /// <summary>A refusal naming every field, as the API server passes it on to the client (it prefixes which webhook denied).</summary>
    public static JsonObject Invalid(string uid, string kind, IReadOnlyList<FieldError> errors) => Denied(uid, 400, "BadRequest",
        $"{kind} is invalid: {string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}"))}",
        new JsonArray([.. errors.Select(e => (JsonNode)new JsonObject { ["type"] = "FieldValueInvalid", ["field"] = e.Field, ["message"] = e.Message })]));

    /// <summary>The webhook could not decide (a lookup it needs failed); the configuration's failure policy does not apply to this answer.</summary>
    public static JsonObject Unavailable(string uid, string message) => Denied(uid, 500, "InternalError", message, null);

    private static JsonObject Denied(string uid, int code, string reason, string message, JsonArray? causes)
    {
        var status = new JsonObject { ["status"] = "Failure", ["code"] = code, ["reason"] = reason, ["message"] = message };
        if (causes is not null) status["details"] = new JsonObject { ["causes"] = causes };
        return Wrap(new JsonObject { ["uid"] = uid, ["allowed"] = false, ["status"] = status });
    }

    private static JsonObject Wrap(JsonObject response) => new()
    {
        ["apiVersion"] = "admission.k8s.io/v1",
        ["kind"] = "AdmissionReview",
        ["response"] = response,
    };
}
