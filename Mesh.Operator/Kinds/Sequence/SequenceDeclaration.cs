using Mesh.Operator.Addressing;
using Mesh.Operator.Delivery;
using Mesh.Operator.Kinds.Channel;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.Sequence;

/// <summary>A Sequence as declared: its steps in order, where the last step's replies go, and the template of its channels.</summary>
public sealed record SequenceDeclaration(IReadOnlyList<SequenceStep> Steps, Destination? Reply, ChannelTemplate? Template) : IDeclarationSpec<SequenceDeclaration>
{
    public static SequenceDeclaration? Parse(FieldReader spec, JsonObject metadata)
    {
        var before = spec.Errors.Count;
        var steps = new List<SequenceStep>();
        var list = spec.List("steps", "steps must be a non-empty list of destinations", "steps must be a non-empty list of destinations");
        if (list is { Count: 0 }) spec.Fail("steps", "steps must be a non-empty list of destinations");
        for (var i = 0; i < (list?.Count ?? 0); i++)
        {
            var path = $"{spec.PathOf("steps")}[{i}]";
            var destination = Destination.Parse(list![i], path, spec.Errors, required: true);
            var delivery = DeliveryDeclaration.Parse((list[i] as JsonObject)?["delivery"], $"{path}.delivery", spec.Errors);
            if (destination is not null) steps.Add(new SequenceStep(destination, delivery));
        }
        var reply = Destination.Parse(spec["reply"], spec.PathOf("reply"), spec.Errors, required: false);
        var template = ChannelTemplate.Parse(spec["channelTemplate"], spec.PathOf("channelTemplate"), spec.Errors);
        return spec.Errors.Count > before ? null : new(steps, reply, template);
    }
}
