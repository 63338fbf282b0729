using Microsoft.Extensions.Options;

namespace Mesh.Grains.Senders;

public sealed class SenderAuthOptionsValidator : IValidateOptions<SenderAuthOptions>
{
    private static readonly string[] Modes = [SenderAuthOptions.AllowAll, SenderAuthOptions.AllowSameNamespace, SenderAuthOptions.DenyAll];

    public ValidateOptionsResult Validate(string? name, SenderAuthOptions options)
    {
        var failures = new List<string>();
        if (!Modes.Contains(options.DefaultAuthorization))
            failures.Add($"Mesh:Auth:DefaultAuthorization must be one of {string.Join(", ", Modes)} (was '{options.DefaultAuthorization}').");
        for (var i = 0; i < options.Senders.Issuers.Count; i++)
        {
            var issuer = options.Senders.Issuers[i];
            if (!Uri.TryCreate(issuer, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
                failures.Add($"Mesh:Auth:Senders:Issuers:{i} must be an absolute http(s) URL of an OIDC issuer (was '{issuer}').");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
