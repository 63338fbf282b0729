using Mesh.Tests.Operator.Auth;
using Mesh.Tests.Silo.Topology;
using Microsoft.Playwright;

namespace Mesh.Tests.Silo.Listeners;

/// <summary>A real browser (Debian's Chromium) signs in to the dashboard through the token form.</summary>
[Trait("Category", "Slow")]
public sealed class BrowserSignInTests
{
    [SkippableFact]
    public async Task A_browser_is_sent_to_the_form_signs_in_with_a_token_and_lands_on_the_dashboard_with_a_cookie_scripts_cannot_read()
    {
        Skip.IfNot(Chromium.Installed, Chromium.Missing);
        await using var auth = await AuthenticatedMesh.StartAsync(new Dictionary<string, string?> { ["Mesh:Dashboard"] = "true" });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium.ExecutablePath, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(auth.Mesh.BaseAddress, "/dashboard/").ToString());
        page.Url.ShouldContain("/login?then=%2Fdashboard%2F");
        await page.FillAsync("#token", "wrong");
        await page.ClickAsync("button[type=submit]");
        (await page.ContentAsync()).ShouldContain("The token was not accepted.");

        await page.FillAsync("#token", AuthenticatedMesh.AdminToken);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(new Uri(auth.Mesh.BaseAddress, "/dashboard/").ToString());

        (await page.ReloadAsync())!.Status.ShouldBe(200);
        (await page.EvaluateAsync<string>("document.cookie")).ShouldBeEmpty("the session cookie is HttpOnly");
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "mesh.session");
        cookie.HttpOnly.ShouldBeTrue();
        cookie.SameSite.ShouldBe(SameSiteAttribute.Strict);
    }
}
