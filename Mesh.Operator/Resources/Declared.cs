namespace Mesh.Operator.Resources;

/// <summary>A stored declaration with its spec parsed into its kind's typed record, for one reconcile to use throughout.</summary>
public sealed class Declared<TSpec>(Declaration declaration, TSpec spec) where TSpec : class, IDeclarationSpec<TSpec>
{
    public Declaration Declaration => declaration;
    public TSpec Spec => spec;
    public string Name => declaration.Name;
    public string Namespace => declaration.Namespace;
    public ObjectKey Key => declaration.Key;
    public long Generation => declaration.Generation;
    public JsonObject Metadata => declaration.Metadata;

    /// <summary>The status observed by the previous reconcile (conditions keep their transition times from it).</summary>
    public JsonObject Status => declaration.Status;

    /// <summary>Parses a declaration's spec; null, with <paramref name="errors"/> saying why, when it does not parse.</summary>
    public static Declared<TSpec>? Read(Declaration declaration, FieldErrors errors, string specPath = "spec")
    {
        var spec = TSpec.Parse(new FieldReader(declaration.Spec, specPath, errors), declaration.Metadata);
        return spec is null || errors.Any ? null : new Declared<TSpec>(declaration, spec);
    }

    /// <summary>Parses another object's declaration when a reconcile needs it (a trigger its broker's); null when absent or unparsable.</summary>
    public static Declared<TSpec>? Read(Declaration? declaration) =>
        declaration is null ? null : Read(declaration, new FieldErrors());
}
