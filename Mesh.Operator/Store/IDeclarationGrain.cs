namespace Mesh.Operator.Store;

/// <summary>One declared object, keyed <c>"{group}/{plural}/{namespace}/{name}"</c>.</summary>
[Alias("mesh.IDeclarationGrain")]
public interface IDeclarationGrain : IGrainWithStringKey
{
    [Alias("Get")]
    Task<DeclarationRecord?> Get();

    /// <summary>Stores the record unless it holds what is stored already (then the stored version stays).</summary>
    [Alias("Put")]
    Task<PutOutcome> Put(DeclarationRecord record);

    /// <summary>Replaces the status, keeping the object as it is; ignored when the object is gone or the status is the same.</summary>
    /// <returns>The record as now stored, or null when nothing changed.</returns>
    [Alias("SetStatus")]
    Task<DeclarationRecord?> SetStatus(string statusJson, long resourceVersion);

    /// <returns>The record removed, or null when there was none.</returns>
    [Alias("Delete")]
    Task<DeclarationRecord?> Delete();

    /// <summary>Lets the activation go once idle: the object stays stored and is read again when next needed.</summary>
    [Alias("Release")]
    Task Release();
}

/// <summary>What a <see cref="IDeclarationGrain.Put"/> did.</summary>
[GenerateSerializer, Alias("mesh.declaration-put-outcome")]
public enum PutOutcome
{
    Unchanged,
    Created,
    Replaced,
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
