using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds;

/// <summary>
/// A kind with a typed declaration. Admission here (as Knative's API packages: defaults, then the
/// parse and validation, then the immutability rules against the stored version); reconciling in the
/// kind's <see cref="IKindReconciler{TSpec}"/>.
/// </summary>
public abstract class KindDefinition<TSpec>(IKindReconciler<TSpec> reconciler, TimeProvider time) : IKindDefinition
    where TSpec : class, IDeclarationSpec<TSpec>
{
    public abstract ResourceKind Kind { get; }

    public virtual IReadOnlyList<ResourceKind> OwnedKinds => [];

    public virtual bool IsChannelable => false;

    public virtual bool HasExternalEffects => false;

    public virtual bool IsLeaf => false;

    /// <summary>Where error paths of the spec start: <c>spec</c>, or empty for kinds whose fields are top-level (Secret).</summary>
    protected virtual string SpecPath => "spec";

    public Admission Admit(JsonObject? previous, JsonObject declared)
    {
        var errors = new FieldErrors();
        var obj = new JsonObject
        {
            ["apiVersion"] = Kind.ApiVersion,
            ["kind"] = Kind.Kind,
            ["metadata"] = (declared["metadata"] as JsonObject)?.DeepClone() ?? new JsonObject(),
            ["spec"] = SpecOf(declared, errors),
        };
        SetDefaults(obj);
        var next = Declared<TSpec>.Read(new Declaration(Kind, obj, null), errors, SpecPath);
        if (next is not null)
        {
            Validate(next, errors);
            if (previous is not null && Declared<TSpec>.Read(new Declaration(Kind, Defaulted(previous), null), new FieldErrors(), SpecPath) is { } before)
                CheckImmutable(before, next, errors);
        }
        return errors.Any ? Admission.Refused(errors.Items) : Admission.Admitted(obj);
    }

    // A version stored before a default existed is compared as if it had been defaulted then.
    private JsonObject Defaulted(JsonObject stored)
    {
        var copy = (JsonObject)stored.DeepClone();
        SetDefaults(copy);
        return copy;
    }

    public IReconcilable Bind(Declaration declaration)
    {
        var errors = new FieldErrors();
        return new BoundDeclaration<TSpec>(declaration, Declared<TSpec>.Read(declaration, errors, SpecPath), errors, reconciler, time);
    }

    public virtual JsonObject Present(Declaration declaration) => declaration.ToJson();

    public virtual JsonObject Editable(Declaration declaration) => declaration.ToJson();

    /// <summary>The spec as stored, from a declared body (a copy of its <c>spec</c> by default; a Secret gathers top-level fields).</summary>
    protected virtual JsonObject SpecOf(JsonObject body, FieldErrors errors)
    {
        if (body["spec"] is { } spec && spec is not JsonObject) errors.Add("spec", "spec must be an object");
        return (body["spec"] as JsonObject)?.DeepClone().AsObject() ?? [];
    }

    /// <summary>Fills in what a declaration leaves out, as Knative's <c>SetDefaults</c>; <paramref name="obj"/> is the whole object.</summary>
    protected virtual void SetDefaults(JsonObject obj) { }

    /// <summary>Rules that need more than the spec's own shape: other kinds, the object's namespace.</summary>
    protected virtual void Validate(Declared<TSpec> next, FieldErrors errors) { }

    /// <summary>What may not change once created, checked against the stored version.</summary>
    protected virtual void CheckImmutable(Declared<TSpec> previous, Declared<TSpec> next, FieldErrors errors) { }
}
