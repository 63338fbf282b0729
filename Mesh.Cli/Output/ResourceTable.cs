using System.Text.Json.Nodes;
using Mesh.Cli.Client;

namespace Mesh.Cli.Output;

/// <summary>The <c>mesh get</c> table: NAMESPACE (across namespaces), NAME, URL (addressable kinds), READY, REASON, AGE.</summary>
internal static class ResourceTable
{
    /// <param name="header">False for the rows a watch prints after the first table.</param>
    public static void Write(ResourceKind kind, IReadOnlyList<JsonNode> items, bool allNamespaces, DateTimeOffset now, TextWriter output, bool header = true)
    {
        // An addressable kind prints a URL column even before its objects have an address.
        var showUrl = kind.IsAddressable || items.Any(i => i.At("status", "address", "url") is not null);
        var headers = new List<string>();
        if (allNamespaces)
            headers.Add("NAMESPACE");
        headers.Add("NAME");
        if (showUrl)
            headers.Add("URL");
        headers.AddRange(["READY", "REASON", "AGE"]);

        var table = new TableWriter([.. headers]);
        foreach (var item in items)
        {
            var ready = item.Condition("Ready");
            var cells = new List<string?>();
            if (allNamespaces)
                cells.Add(item.At("metadata", "namespace").Str());
            cells.Add(item.At("metadata", "name").Str());
            if (showUrl)
                cells.Add(item.At("status", "address", "url").Str());
            cells.AddRange([ready.At("status").Str(), ready.At("reason").Str(), AgeFormatter.AgeOf(item, now)]);
            table.Add([.. cells]);
        }
        table.Write(output, header: header);
    }
}
