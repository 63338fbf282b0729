namespace Mesh.Operator.Store;

/// <summary>One declared object, keyed <c>"{group}/{plural}/{namespace}/{name}"</c>.</summary>
[Alias("mesh.IDeclarationGrain")]
public interface IDeclarationGrain : IGrainWithStringKey
{
    [Alias("Get")]
    Task<DeclarationRecord?> Get();

    [Alias("Put")]
    Task Put(DeclarationRecord record);

    /// <summary>Replaces the status, keeping the object as it is; ignored when the object is gone.</summary>
    [Alias("SetStatus")]
    Task SetStatus(string statusJson);

    [Alias("Delete")]
    Task Delete();

    /// <summary>Lets the activation go once idle: the object stays stored and is read again when next needed.</summary>
    [Alias("Release")]
    Task Release();
}

/// <summary>The names of one kind's declared objects, keyed <c>"{group}/{plural}"</c>, for listing.</summary>
[Alias("mesh.IDeclarationIndexGrain")]
public interface IDeclarationIndexGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task Add(string namespacedName);

    [Alias("Remove")]
    Task Remove(string namespacedName);

    [Alias("List")]
    Task<IReadOnlyList<string>> List();
}
