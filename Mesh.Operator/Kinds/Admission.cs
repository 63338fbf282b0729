using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds;

/// <summary>The outcome of admitting a declaration: the object to store, its defaults applied, or the field errors that refuse it.</summary>
public sealed record Admission(JsonObject? Object, IReadOnlyList<FieldError> Errors)
{
    public bool Allowed => Object is not null;

    public static Admission Admitted(JsonObject obj) => new(obj, []);

    public static Admission Refused(IReadOnlyList<FieldError> errors) => new(null, errors);
}
