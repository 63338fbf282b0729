namespace Mesh.Operator.Resources;

/// <summary>Validation findings, each naming the path of the field at fault.</summary>
public sealed class FieldErrors
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Items => _errors;
    public bool Any => _errors.Count > 0;

    /// <summary>How many so far: a parse compares before and after to know whether its part added any.</summary>
    public int Count => _errors.Count;

    public void Add(string field, string message) => _errors.Add(new FieldError(field, message));
}
