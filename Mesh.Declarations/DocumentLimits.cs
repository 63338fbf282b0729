namespace Mesh.Declarations;

/// <summary>
/// Bounds on one declaration text, so that hostile input is refused before it costs memory or stack:
/// its size, how deep collections nest, and how much aliases may repeat.
/// </summary>
public sealed record DocumentLimits
{
    /// <summary>The limits the resource API and the CLI apply.</summary>
    public static DocumentLimits Default { get; } = new();

    /// <summary>Characters of text (bytes of a request body) at most. Default 3 MiB, kube-apiserver's request limit.</summary>
    public int MaxSize { get; init; } = 3 * 1024 * 1024;

    /// <summary>Sequences and mappings (arrays and objects) open at once at most. Default 64, System.Text.Json's default for JSON.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>
    /// Nodes (scalars, sequences, mappings; what aliases repeat counts again) in one document at most,
    /// so that a text within <see cref="MaxSize"/> cannot become gigabytes of objects. Default 100,000:
    /// a large declaration has a few thousand.
    /// </summary>
    public int MaxNodes { get; init; } = 100_000;

    /// <summary>Aliases (<c>*name</c>) in one text at most. Default 100.</summary>
    public int MaxAliases { get; init; } = 100;

    /// <summary>
    /// Nodes that aliases may repeat in one text, all aliases together (an alias of a mapping of ten
    /// scalars repeats eleven). Default 10,000: enough for shared labels, far too few for an alias bomb.
    /// </summary>
    public int MaxAliasedNodes { get; init; } = 10_000;
}
