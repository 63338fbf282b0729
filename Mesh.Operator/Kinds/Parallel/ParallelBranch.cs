using Mesh.Operator.Addressing;
using Mesh.Operator.Delivery;

namespace Mesh.Operator.Kinds.Parallel;

/// <summary>One branch of a parallel: an optional filter (which passes an event by replying it), a subscriber, its reply and delivery.</summary>
public sealed record ParallelBranch(Destination Subscriber, Destination? Filter, Destination? Reply, DeliveryDeclaration? Delivery);
