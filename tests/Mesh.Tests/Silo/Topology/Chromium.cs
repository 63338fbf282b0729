using Microsoft.Playwright;

namespace Mesh.Tests.Silo.Topology;

/// <summary>
/// Debian's Chromium driven by Playwright, shared by a test class. Tests skip, saying so, when it is
/// not installed (<c>apt-get install -y chromium</c>); nothing is downloaded.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";
    public const string Missing = "Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)";

    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }

    public static bool Installed => File.Exists(ExecutablePath);

    public async Task InitializeAsync()
    {
        if (!Installed) return;
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
