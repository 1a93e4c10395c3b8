using Microsoft.Playwright;

namespace Sync.Orchestrator.Tests.Hosting;

/// <summary>Debian's Chromium driven by Playwright with no browser download: one page, headless, a 15 s default timeout.</summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    /// <summary>Fails the calling test, naming the package, when Chromium is not installed.</summary>
    public static void AssertInstalled() =>
        Assert.True(File.Exists(ExecutablePath), $"{ExecutablePath} is not installed (apt-get install -y chromium)");

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        AssertInstalled();
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return new HeadlessChromium(playwright, browser, page);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
