using Mesh.Operator.Addressing;
using Mesh.Operator.Delivery;

namespace Mesh.Operator.Kinds.Sequence;

/// <summary>One step of a sequence: a destination, with the delivery its subscription uses.</summary>
public sealed record SequenceStep(Destination Destination, DeliveryDeclaration? Delivery);
