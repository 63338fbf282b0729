using Mesh.Grains.Events;
using Mesh.Grains.Filtering.Cesql;

namespace Mesh.Grains.Filtering;

/// <summary>
/// Knative's <c>cesql</c> dialect: the event passes when the expression yields Boolean true without
/// any error; a missing attribute, a failed cast or a non-Boolean result rejects it (CESQL §1.2).
/// </summary>
/// <remarks>
/// Every attribute reaches CESQL as its canonical string; the implicit casts make
/// <c>sequence = 5</c> and <c>hop &lt; ttl</c> compare as integers all the same.
/// </remarks>
public sealed class CesqlFilter(CesqlExpression expression) : IEventFilter
{
    public CesqlExpression Expression { get; } = expression;

    /// <exception cref="CesqlParseException">The text is not valid CESQL.</exception>
    public CesqlFilter(string expression) : this(CesqlExpression.Parse(expression)) { }

    public bool Matches(EventEnvelope envelope) => Expression.Matches(envelope.Attributes);
}
