namespace Mesh.Tests.Faults;

/// <summary>The topology every fault test uses: broker <c>default</c> and one trigger taking all of its events.</summary>
public static class FaultBroker
{
    /// <summary>Retries enough to ride out a delivery cut short by a crash, quickly.</summary>
    public const string QuickRetries = "retry: 20\n    backoffPolicy: linear\n    backoffDelay: PT0.2S";

    /// <summary>Declares both through <paramref name="http"/>, waits until the trigger is Ready, and returns the ingress path.</summary>
    public static async Task<string> ApplyAsync(HttpClient http, string ns, Uri subscriber, string delivery = QuickRetries)
    {
        await ResourceApi.MustApplyAsync(http, $"""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: {"{"} name: default, namespace: {ns} {"}"}
            spec:
              delivery:
                {delivery}
            """);
        await ResourceApi.MustApplyAsync(http, $$"""
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: { name: all, namespace: {{ns}} }
            spec:
              broker: default
              subscriber: { uri: "{{subscriber}}{{ns}}" }
            """);
        await ResourceApi.WaitReadyAsync(http, $"/apis/eventing.knative.dev/v1/namespaces/{ns}/triggers/all");
        return $"/{ns}/default";
    }

    /// <summary>The broker's ingress on each silo, for a <see cref="LoadGenerator"/>.</summary>
    public static Uri[] IngressOn(IEnumerable<SiloProcess> silos, string path) =>
        [.. silos.Select(s => new Uri(s.BaseAddress, path))];
}
