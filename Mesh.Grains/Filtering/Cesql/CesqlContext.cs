namespace Mesh.Grains.Filtering.Cesql;

/// <summary>
/// Per-evaluation state: where attributes come from and the errors so far. The error list is
/// allocated on the first error only, so a clean evaluation allocates nothing.
/// </summary>
/// <remarks>
/// String-valued attribute maps (the mesh's envelopes) are read directly rather than through a
/// delegate, which would cost a closure per event.
/// </remarks>
internal struct CesqlContext
{
    private readonly CesqlAttributeLookup? _lookup;
    private readonly IReadOnlyDictionary<string, string>? _strings;
    private List<CesqlError>? _errors;

    public CesqlContext(CesqlAttributeLookup lookup) => _lookup = lookup;

    public CesqlContext(IReadOnlyDictionary<string, string> attributes) => _strings = attributes;

    public readonly bool TryGetAttribute(string name, out CesqlValue value)
    {
        if (_strings is not null)
        {
            var found = _strings.TryGetValue(name, out var text);
            value = found ? CesqlValue.Of(text!) : default;
            return found;
        }
        if (_lookup!(name, out var host) && host is not null)
        {
            value = CesqlValue.FromHost(host);
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>Compared before and after evaluating an operand to tell whether that operand failed.</summary>
    public readonly int ErrorCount => _errors?.Count ?? 0;

    public readonly IReadOnlyList<CesqlError> Errors => _errors ?? (IReadOnlyList<CesqlError>)[];

    public void Fail(CesqlErrorKind kind, string message) => (_errors ??= []).Add(new CesqlError(kind, message));
}
