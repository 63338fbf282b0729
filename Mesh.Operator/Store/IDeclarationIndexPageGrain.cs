namespace Mesh.Operator.Store;

/// <summary>One page of a declaration index, keyed <c>"{group}/{plural}/{page}"</c> (see <see cref="Mesh.Grains.Storage.TablePages"/>).</summary>
[Alias("mesh.IDeclarationIndexPageGrain")]
public interface IDeclarationIndexPageGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task Add(string[] namespacedNames);

    [Alias("Remove")]
    Task Remove(string namespacedName);

    [Alias("List")]
    Task<string[]> List();
}
