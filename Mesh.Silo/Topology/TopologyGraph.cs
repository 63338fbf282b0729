using System.Text.Json.Nodes;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;
using Mesh.Operator.Kinds.Broker;
using Mesh.Operator.Kinds.Channel;
using Mesh.Operator.Kinds.GitHubSource;
using Mesh.Operator.Kinds.InMemoryChannel;
using Mesh.Operator.Kinds.Parallel;
using Mesh.Operator.Kinds.PingSource;
using Mesh.Operator.Kinds.Sequence;
using Mesh.Operator.Kinds.Subscription;
using Mesh.Operator.Kinds.Trigger;

namespace Mesh.Silo.Topology;

/// <summary>
/// The mesh of one namespace as a graph for the topology page: sources → brokers and channels →
/// triggers and subscriptions → subscribers and dead-letter sinks, with each object's Ready
/// condition, and sequences and parallels as groups of the channels and subscriptions they own.
/// Node ids are the keys tails and counts use: <c>{plural}/{namespace}/{name}</c>, or <c>uri:{url}</c>.
/// </summary>
public sealed class TopologyGraph(DeclarationStore store)
{
    private static readonly (ResourceKind Kind, string Plural, string Role)[] Shown =
    [
        (PingSourceKind.Resource, "pingsources", "source"),
        (GitHubSourceKind.Resource, "githubsources", "source"),
        (BrokerKind.Resource, "brokers", "broker"),
        (ChannelKind.Resource, "channels", "channel"),
        (InMemoryChannelKind.Resource, "channels", "channel"),
        (TriggerKind.Resource, "triggers", "trigger"),
        (SubscriptionKind.Resource, "subscriptions", "subscription"),
        (SequenceKind.Resource, "sequences", "group"),
        (ParallelKind.Resource, "parallels", "group"),
    ];

    public async Task<JsonObject> BuildAsync(string @namespace)
    {
        var lists = await Task.WhenAll(Shown.Select(s => store.ListAsync(s.Kind, @namespace)));
        var nodes = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var edges = new JsonArray();
        var groups = new JsonArray();
        var addresses = new Dictionary<string, string>(StringComparer.Ordinal);
        var declared = Shown.Zip(lists, (s, list) => (s.Kind, s.Plural, s.Role, list)).ToList();

        foreach (var (kind, plural, role, list) in declared)
            foreach (var d in list)
            {
                var id = $"{plural}/{d.Namespace}/{d.Name}";
                if (Url(d.Status["address"]?["url"]) is { } url) addresses.TryAdd(url, id);
                if (role == "group")
                {
                    groups.Add(new JsonObject { ["id"] = id, ["kind"] = kind.Kind, ["name"] = d.Name, ["ready"] = Condition(d).Status, ["reason"] = Condition(d).Reason });
                    continue;
                }
                // A Channel's backing InMemoryChannel is the same channel grain: one node.
                if (nodes.ContainsKey(id)) continue;
                var (status, reason, message) = Condition(d);
                nodes[id] = new JsonObject
                {
                    ["id"] = id, ["kind"] = kind.Kind, ["role"] = role, ["name"] = d.Name,
                    ["ready"] = status, ["reason"] = reason, ["message"] = message, ["group"] = Owner(d),
                };
            }

        foreach (var (kind, plural, role, list) in declared)
            foreach (var d in list)
            {
                var id = $"{plural}/{d.Namespace}/{d.Name}";
                switch (role)
                {
                    case "source":
                        Edge(edges, id, Target(nodes, addresses, d.Status["sinkUri"], d.Spec["sink"], d.Namespace), "deliver", id);
                        break;
                    case "trigger":
                        if (d.Spec["broker"] is { } broker) Edge(edges, $"brokers/{d.Namespace}/{(string?)broker}", id, "route", id);
                        Edge(edges, id, Target(nodes, addresses, d.Status["subscriberUri"], d.Spec["subscriber"], d.Namespace), "deliver", id);
                        DeadLetter(edges, nodes, addresses, d, d.Status["deadLetterSinkUri"], id);
                        break;
                    case "subscription":
                        var physical = d.Status["physicalSubscription"];
                        if ((string?)d.Spec["channel"]?["name"] is { } channel) Edge(edges, $"channels/{d.Namespace}/{channel}", id, "route", id);
                        Edge(edges, id, Target(nodes, addresses, physical?["subscriberUri"], d.Spec["subscriber"], d.Namespace), "deliver", id);
                        if (d.Spec["reply"] is not null || physical?["replyUri"] is not null)
                            Edge(edges, id, Target(nodes, addresses, physical?["replyUri"], d.Spec["reply"], d.Namespace), "reply", id);
                        DeadLetter(edges, nodes, addresses, d, physical?["deadLetterSinkUri"], id);
                        break;
                }
            }
        return new JsonObject { ["namespace"] = @namespace, ["nodes"] = new JsonArray([.. nodes.Values]), ["edges"] = edges, ["groups"] = groups };
    }

    /// <summary>Every namespace something is declared in, for the page's selector.</summary>
    public async Task<IReadOnlyList<string>> NamespacesAsync()
    {
        var lists = await Task.WhenAll(Shown.Select(s => store.ListAsync(s.Kind)));
        return [.. lists.SelectMany(l => l).Select(d => d.Namespace).Append("default").Distinct().Order(StringComparer.Ordinal)];
    }

    private static void DeadLetter(JsonArray edges, Dictionary<string, JsonObject> nodes, Dictionary<string, string> addresses, Declaration d, JsonNode? resolved, string id)
    {
        var declared = d.Spec["delivery"]?["deadLetterSink"];
        if (declared is null && resolved is null) return;
        Edge(edges, id, Target(nodes, addresses, resolved, declared, d.Namespace, role: "deadLetterSink"), "deadLetter", id);
    }

    private static void Edge(JsonArray edges, string from, string? to, string kind, string stats)
    {
        if (to is null) return;
        edges.Add(new JsonObject { ["from"] = from, ["to"] = to, ["kind"] = kind, ["stats"] = stats });
    }

    /// <summary>
    /// Where a destination points: the node of the object whose address it resolved to, else a node
    /// of its own for the URL, or for the unresolved reference (shown as not ready).
    /// </summary>
    private static string? Target(Dictionary<string, JsonObject> nodes, Dictionary<string, string> addresses, JsonNode? resolved, JsonNode? declared, string @namespace, string role = "sink")
    {
        if (Url(resolved) is { } url)
        {
            if (addresses.TryGetValue(url, out var known)) return known;
            var id = "uri:" + url;
            nodes.TryAdd(id, new JsonObject { ["id"] = id, ["kind"] = "URI", ["role"] = role, ["name"] = url, ["ready"] = "True" });
            return id;
        }
        if (declared?["ref"] is { } reference)
        {
            var name = $"{(string?)reference["kind"]}/{(string?)reference["namespace"] ?? @namespace}/{(string?)reference["name"]}";
            var id = "ref:" + name;
            nodes.TryAdd(id, new JsonObject
            {
                ["id"] = id, ["kind"] = (string?)reference["kind"], ["role"] = role, ["name"] = name,
                ["ready"] = "False", ["reason"] = "Unresolved", ["message"] = $"{name} has no address",
            });
            return id;
        }
        return null;
    }

    private static string? Url(JsonNode? node)
    {
        var text = node is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
        return text is null || !Uri.TryCreate(text, UriKind.Absolute, out var uri) ? null : uri.GetLeftPart(UriPartial.Path);
    }

    private static string? Owner(Declaration d) =>
        d.Metadata["ownerReferences"] is JsonArray { Count: > 0 } owners && owners[0] is { } owner
            ? $"{PluralOf((string?)owner["kind"])}/{d.Namespace}/{(string?)owner["name"]}"
            : null;

    private static string? PluralOf(string? kind) => kind switch
    {
        "Sequence" => "sequences",
        "Parallel" => "parallels",
        "Channel" => "channels",
        _ => kind?.ToLowerInvariant() + "s",
    };

    private static (string Status, string? Reason, string? Message) Condition(Declaration d)
    {
        var ready = (d.Status["conditions"] as JsonArray)?.FirstOrDefault(c => (string?)c?["type"] == "Ready");
        return ((string?)ready?["status"] ?? "Unknown", (string?)ready?["reason"], (string?)ready?["message"]);
    }
}
