using System.Text.Json.Nodes;
using Mesh.Cli.Client;

namespace Mesh.Cli.Manifests;

/// <summary>One declared object read from a file, with where it came from for error messages.</summary>
internal sealed record Manifest(string Source, JsonObject Body, string? Error = null)
{
    public string? ApiVersion => Body.At("apiVersion").Str();

    public string? Kind => Body.At("kind").Str();

    public string? Name => Body.At("metadata", "name").Str();

    public string? Namespace => Body.At("metadata", "namespace").Str();

    /// <summary>Why the document cannot be applied (unparsable, or not addressable), or null when it can.</summary>
    public string? Problem =>
        Error is not null ? Error
        : ApiVersion is null ? "apiVersion is missing"
        : Kind is null ? "kind is missing"
        : string.IsNullOrEmpty(Name) ? "metadata.name is missing"
        : null;
}
