using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds;

/// <summary>
/// Everything the control plane knows about one kind: its name in the API, how a declaration of it is
/// admitted (defaults, validation, immutability) and how a stored one is reconciled. Each kind's
/// folder under <c>Kinds/</c> holds one, registered in <see cref="MeshKinds"/>.
/// </summary>
public interface IKindDefinition
{
    ResourceKind Kind { get; }

    /// <summary>
    /// Admission, with no side effect: the declared object (apiVersion, kind, metadata, spec) with the
    /// kind's defaults applied, or the field errors that refuse it. <paramref name="previous"/> is the
    /// stored object this one replaces, for the immutability rules. Callable without reconciling, so
    /// that an admission webhook can answer with it.
    /// </summary>
    Admission Admit(JsonObject? previous, JsonObject declared);

    /// <summary>A stored declaration bound to the kind's reconciler, its spec parsed once.</summary>
    IReconcilable Bind(Declaration declaration);

    /// <summary>The object as the API answers it (a Secret's values are redacted).</summary>
    JsonObject Present(Declaration declaration) => declaration.ToJson();

    /// <summary>
    /// The object as a patch edits it: as answered, but with every value (a Secret's data too), so that
    /// a patch of one field keeps the others.
    /// </summary>
    JsonObject Editable(Declaration declaration) => declaration.ToJson();

    /// <summary>The kinds this one builds itself from (a sequence's channels and subscriptions); empty for most.</summary>
    IReadOnlyList<ResourceKind> OwnedKinds => [];

    /// <summary>Whether a subscription may name an object of this kind as its channel (Knative's Channelable duck type).</summary>
    bool IsChannelable => false;

    /// <summary>
    /// Whether deleting an object has effects outside the mesh (a GitHub webhook to delete), so that in
    /// Kubernetes mode it carries a finalizer until its removal has run.
    /// </summary>
    bool HasExternalEffects => false;

    /// <summary>
    /// Whether this is another system's kind that the mesh stores but does not run (Knative Serving's
    /// Service, in local mode): its status is written by clients through <c>/status</c>, it has no
    /// CRD of the mesh's, and in Kubernetes mode the cluster's own objects are read instead.
    /// </summary>
    bool IsStoredOnly => false;

    /// <summary>
    /// Whether nothing refers to objects of this kind and reconciling one changes no other object:
    /// then applies of different objects of the kind run side by side (<see cref="Controller.ReconcileLoop.LeafAsync{T}"/>).
    /// </summary>
    bool IsLeaf => false;

}
