using Mesh.Operator.Kubernetes.Webhooks;

namespace Mesh.Tests.Kubernetes.Webhooks;

public sealed class WebhookOptionsValidatorTests
{
    [Fact]
    public void The_options_validator_names_the_key_of_each_bad_setting()
    {
        var result = new WebhookOptionsValidator().Validate(null, new WebhookOptions
        {
            Port = 0, ListenAddress = "everywhere", ExtraNames = "127.0.0.1, not a name", RenewBefore = TimeSpan.FromDays(400),
        });

        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldContain("Mesh:Kubernetes:Webhook:Port");
        result.FailureMessage.ShouldContain("Mesh:Kubernetes:Webhook:ListenAddress");
        result.FailureMessage.ShouldContain("'not a name'");
        result.FailureMessage.ShouldNotContain("'127.0.0.1'");
        result.FailureMessage.ShouldContain("Mesh:Kubernetes:Webhook:RenewBefore");
        new WebhookOptionsValidator().Validate(null, new WebhookOptions()).Succeeded.ShouldBeTrue();
    }
}
