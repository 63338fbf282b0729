using Mesh.Operator.Auth.Identities;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Auth;

public sealed class MeshAuthOptionsValidator : IValidateOptions<MeshAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, MeshAuthOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.TokenFile))
        {
            try
            {
                StaticTokenCsv.Parse(File.ReadAllText(options.TokenFile));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failures.Add($"Mesh:Auth:TokenFile cannot be read ({options.TokenFile}): {e.Message}");
            }
            catch (FormatException e)
            {
                failures.Add($"Mesh:Auth:TokenFile ({options.TokenFile}) is not a static token file: {e.Message}");
            }
        }
        var oidc = options.Oidc;
        if (!string.IsNullOrWhiteSpace(oidc.Issuer))
        {
            if (!Uri.TryCreate(oidc.Issuer, UriKind.Absolute, out var issuer) || issuer.Scheme is not ("https" or "http"))
                failures.Add($"Mesh:Auth:Oidc:Issuer must be an absolute https URL (was '{oidc.Issuer}').");
            else if (issuer.Scheme == "http" && !issuer.IsLoopback)
                failures.Add($"Mesh:Auth:Oidc:Issuer must use https unless its host is loopback (was '{oidc.Issuer}').");
            if (string.IsNullOrWhiteSpace(oidc.Audience))
                failures.Add("Mesh:Auth:Oidc:Audience is required with Mesh:Auth:Oidc:Issuer: tokens must be meant for this mesh.");
            if (string.IsNullOrWhiteSpace(oidc.UsernameClaim)) failures.Add("Mesh:Auth:Oidc:UsernameClaim must not be empty.");
            if (string.IsNullOrWhiteSpace(oidc.GroupsClaim)) failures.Add("Mesh:Auth:Oidc:GroupsClaim must not be empty.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
