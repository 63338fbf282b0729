using System.Net;

namespace Mesh.Tests.Infrastructure;

/// <summary>Checks the problem+json answers of the gateway and the resource API.</summary>
public static class ProblemAssertions
{
    /// <summary>Asserts the status and a problem+json body; returns the body.</summary>
    public static async Task<JsonObject> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? attribute = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, text);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", text);
        var problem = JsonNode.Parse(text)!.AsObject();
        ((int?)problem["status"]).ShouldBe((int)status, text);
        if (attribute is not null) ((string?)problem["attribute"]).ShouldBe(attribute, text);
        return problem;
    }

    /// <summary>Asserts a 422 whose errors name exactly <paramref name="fields"/>; returns the errors.</summary>
    public static async Task<JsonArray> ShouldBeRefusedAsync(this HttpResponseMessage response, params string[] fields)
    {
        var errors = (await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))["errors"]!.AsArray();
        errors.Select(e => (string?)e!["field"]).ShouldBe(fields, errors.ToJsonString());
        return errors;
    }
}
