namespace Mesh.Operator.Resources;

/// <summary>
/// A kind's typed declaration, parsed once from the document: every field checked for shape and type,
/// each fault recorded under its path. Checks that need more than the document (other kinds, the
/// stored previous version) belong to the kind's definition, not here.
/// </summary>
public interface IDeclarationSpec<TSelf> where TSelf : class, IDeclarationSpec<TSelf>
{
    /// <param name="spec">The spec object; its path prefixes every error (<c>spec</c>, or empty for a Secret's top-level fields).</param>
    /// <param name="metadata">The object's metadata (its annotations carry some kinds' settings).</param>
    /// <returns>The declaration, or null when <paramref name="spec"/>'s errors gained any.</returns>
    static abstract TSelf? Parse(FieldReader spec, JsonObject metadata);
}
