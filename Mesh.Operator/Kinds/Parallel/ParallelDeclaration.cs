using Mesh.Operator.Addressing;
using Mesh.Operator.Delivery;
using Mesh.Operator.Kinds.Channel;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.Parallel;

/// <summary>A Parallel as declared: its branches, where replies go by default, and the template of its channels.</summary>
public sealed record ParallelDeclaration(IReadOnlyList<ParallelBranch> Branches, Destination? Reply, ChannelTemplate? Template) : IDeclarationSpec<ParallelDeclaration>
{
    public static ParallelDeclaration? Parse(FieldReader spec, JsonObject metadata)
    {
        var before = spec.Errors.Count;
        var branches = new List<ParallelBranch>();
        var list = spec.List("branches", "branches must be a non-empty list", "branches must be a non-empty list");
        if (list is { Count: 0 }) spec.Fail("branches", "branches must be a non-empty list");
        for (var i = 0; i < (list?.Count ?? 0); i++)
        {
            if (FieldReader.At(list![i], $"{spec.PathOf("branches")}[{i}]", spec.Errors,
                    "a branch must be an object with subscriber and optional filter, reply, delivery") is not { } branch)
                continue;
            var subscriber = Destination.Parse(branch["subscriber"], branch.PathOf("subscriber"), spec.Errors, required: true);
            var filter = Destination.Parse(branch["filter"], branch.PathOf("filter"), spec.Errors, required: false);
            var reply = Destination.Parse(branch["reply"], branch.PathOf("reply"), spec.Errors, required: false);
            var delivery = DeliveryDeclaration.Parse(branch["delivery"], branch.PathOf("delivery"), spec.Errors);
            if (subscriber is not null) branches.Add(new ParallelBranch(subscriber, filter, reply, delivery));
        }
        var defaultReply = Destination.Parse(spec["reply"], spec.PathOf("reply"), spec.Errors, required: false);
        var template = ChannelTemplate.Parse(spec["channelTemplate"], spec.PathOf("channelTemplate"), spec.Errors);
        return spec.Errors.Count > before ? null : new(branches, defaultReply, template);
    }
}
