using Mesh.Operator.Resources;

namespace Mesh.Operator.Addressing;

/// <summary>
/// One place where a ref's address can be found, by duck typing: the mesh's own objects, a core
/// Service's DNS name, or (a later source) any object of a cluster with <c>status.address.url</c>.
/// The resolver asks each in turn; the first that knows the ref's kind answers.
/// </summary>
public interface IAddressables
{
    /// <returns>The address or why there is none, or null when this source does not know the ref's kind.</returns>
    Task<Resolution?> AddressOfAsync(KReference reference, string @namespace);

    /// <summary>The declaration whose change changes the address, so that what refers to it is reconciled again; null when there is none.</summary>
    ObjectKey? KeyOf(KReference reference, string @namespace);
}
