using Mesh.Operator.Addressing;
using Mesh.Operator.Resources;
using Mesh.Operator.Sources;

namespace Mesh.Operator.Kinds.SinkBinding;

/// <summary>A SinkBinding as declared: its subject, where the subject's pods send (the sink), and the extensions they add.</summary>
public sealed record SinkBindingDeclaration(SinkBindingSubject Subject, Destination Sink, CeOverrides CeOverrides) : IDeclarationSpec<SinkBindingDeclaration>
{
    public static SinkBindingDeclaration? Parse(FieldReader spec, JsonObject metadata)
    {
        var before = spec.Errors.Count;
        var subject = SinkBindingSubject.Parse(spec, FieldReader.TextOf(metadata["namespace"]) ?? "");
        var sink = Destination.Parse(spec["sink"], spec.PathOf("sink"), spec.Errors, required: true);
        var overrides = CeOverrides.Parse(spec["ceOverrides"], spec.PathOf("ceOverrides"), spec.Errors);
        return spec.Errors.Count > before ? null : new(subject!, sink!, overrides!);
    }
}
