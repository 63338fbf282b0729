namespace Mesh.Grains.Sources.GitHub;

[GenerateSerializer, Alias("mesh.githubsource-state")]
public sealed class GitHubSourceState
{
    [Id(0)] public GitHubSourceSpec? Spec { get; set; }
}
