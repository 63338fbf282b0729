namespace Mesh.Operator.Kinds.GitHubSource;

/// <summary>What a GitHubSource's hook should be.</summary>
/// <param name="OwnerAndRepository"><c>owner/repo</c> for a repository hook, or an organisation's name.</param>
public sealed record WebhookSettings(string ApiUrl, string AccessToken, string OwnerAndRepository, string Url, string Secret, string[] Events, bool Secure);
