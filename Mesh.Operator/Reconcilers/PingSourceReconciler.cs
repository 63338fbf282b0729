using System.Text;
using Mesh.Grains.Delivery;
using Mesh.Grains.Sources.Ping;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Reconcilers;

/// <summary>PingSources: a cron schedule whose ticks a grain sends to the sink, with the mesh's retries and dead letters.</summary>
public sealed class PingSourceReconciler(IGrainFactory grains, DestinationResolver resolver, TimeProvider time) : IKindReconciler
{
    public ResourceKind Kind => KnativeKinds.PingSource;

    public void Validate(Declaration declaration, FieldErrors errors)
    {
        var spec = declaration.Spec;
        var timezone = Destinations.Text(spec["timezone"]);
        if (spec["timezone"] is not null && timezone is null)
        {
            errors.Add("spec.timezone", "timezone must be a string");
        }
        else if (timezone is not null && PingSchedule.TryFindZone(timezone, out var zoneError) is null)
        {
            errors.Add("spec.timezone", zoneError!);
            timezone = null;
        }
        if (spec["schedule"] is { } s && Destinations.Text(s) is null)
            errors.Add("spec.schedule", "schedule must be a string");
        else if (PingSchedule.TryParse(Destinations.Text(spec["schedule"]), timezone, out var scheduleError) is null)
            errors.Add("spec.schedule", scheduleError!);
        if (spec["contentType"] is { } ct && Destinations.Text(ct) is null)
            errors.Add("spec.contentType", "contentType must be a string");
        ValidateData(spec, errors);
        Destinations.Validate(spec["sink"], "spec.sink", errors, required: true);
        SourceDeclarations.ValidateCeOverrides(spec["ceOverrides"], "spec.ceOverrides", errors);
        DeliveryDeclarations.Validate(spec["delivery"], "spec.delivery", errors);
    }

    private static void ValidateData(JsonObject spec, FieldErrors errors)
    {
        if (spec["data"] is not null && spec["dataBase64"] is not null)
        {
            errors.Add("spec.dataBase64", "data and dataBase64 are mutually exclusive; set one");
            return;
        }
        if (spec["data"] is { } d && Destinations.Text(d) is null) errors.Add("spec.data", "data must be a string");
        if (spec["dataBase64"] is { } b && (Destinations.Text(b) is not { } text || !Convert.TryFromBase64String(text, new byte[text.Length], out _)))
        {
            errors.Add("spec.dataBase64", "dataBase64 must be valid base64");
            return;
        }
        if (!IsJson(Destinations.Text(spec["contentType"]))) return;
        var field = spec["data"] is not null ? "spec.data" : "spec.dataBase64";
        var bytes = Data(spec);
        if (bytes.Length == 0) return;
        try
        {
            if (JsonNode.Parse(bytes) is not JsonObject)
                errors.Add(field, "with contentType application/json the data must be a JSON object");
        }
        catch (JsonException e)
        {
            errors.Add(field, $"with contentType application/json the data must be a JSON object: {e.Message}");
        }
    }

    public async Task<JsonObject> ReconcileAsync(Declaration declaration, CancellationToken cancellation)
    {
        var ns = declaration.Namespace;
        var spec = declaration.Spec;
        var conditions = new Conditions(declaration.Status, time);
        var status = new JsonObject();

        var sink = await resolver.ResolveAsync(spec["sink"], ns);
        conditions.Set("SinkProvided", sink.Resolved, sink.Resolved ? "SinkProvided" : sink.Reason, sink.Message);
        if (sink.Resolved) status["sinkUri"] = sink.Uri!.ToString();

        var deadLetter = await resolver.ResolveDeadLetterAsync(spec["delivery"]?["deadLetterSink"], ns, conditions, status);

        var source = $"/apis/v1/namespaces/{ns}/pingsources/{declaration.Name}";
        var delivery = (DeliveryDeclarations.Read(spec["delivery"], deadLetter?.Uri?.ToString(), deadLetter?.Auth) ?? new DeliverySpec()).OverridesOn(DeliverySpec.BrokerDefault);
        var active = sink.Resolved && (deadLetter is null || deadLetter.Resolved);
        await grains.GetGrain<IPingSourceGrain>(declaration.Key.GrainKey).Configure(new PingSourceSpec(
            Destinations.Text(spec["schedule"])!,
            Destinations.Text(spec["timezone"]),
            Destinations.Text(spec["contentType"]),
            Data(spec),
            SourceDeclarations.Extensions(spec["ceOverrides"]),
            source,
            active ? sink.Uri!.ToString() : null,
            delivery,
            sink.Auth));

        status["observedGeneration"] = declaration.Generation;
        status["conditions"] = conditions.WithReady();
        status["ceAttributes"] = new JsonArray(new JsonObject { ["type"] = PingSourceGrain.EventType, ["source"] = source });
        return status;
    }

    public Task RemoveAsync(Declaration declaration, CancellationToken cancellation) =>
        grains.GetGrain<IPingSourceGrain>(declaration.Key.GrainKey).Remove();

    public IEnumerable<ObjectKey> DependsOn(Declaration declaration)
    {
        if (resolver.Target(declaration.Spec["sink"], declaration.Namespace) is { } sink) yield return sink;
        if (resolver.Target(declaration.Spec["delivery"]?["deadLetterSink"], declaration.Namespace) is { } dls) yield return dls;
    }

    private static byte[] Data(JsonObject spec) =>
        Destinations.Text(spec["dataBase64"]) is { } encoded ? Convert.FromBase64String(encoded)
        : Destinations.Text(spec["data"]) is { } text ? Encoding.UTF8.GetBytes(text)
        : [];

    private static bool IsJson(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);
}
