using Microsoft.Playwright;

namespace EdgeCompute.Coordinator.Tests.Dashboard;

/// <summary>
/// Headless Chromium from Debian's package (<c>/usr/bin/chromium</c>, or <c>EDGECOMPUTE_CHROMIUM</c>) driven by Playwright; no
/// browser is downloaded. Missing: the test is skipped, unless <c>EDGECOMPUTE_REQUIRE_SERVICES=1</c> (the test command), then it fails.
/// Screenshots go to <see cref="ScreenshotFolder"/>.
/// </summary>
internal sealed class Browser : IAsyncDisposable
{
    /// <summary>Generous bound for a condition in the page on a busy machine (the page polls every 3 s).</summary>
    public const float WaitMs = 30_000;

    private readonly IPlaywright _playwright;

    private Browser(IPlaywright playwright, IBrowser chromium)
    {
        _playwright = playwright;
        Chromium = chromium;
    }

    public IBrowser Chromium { get; }

    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "dashboard-screenshots");

    public static async Task<Browser> LaunchAsync()
    {
        var path = Environment.GetEnvironmentVariable("EDGECOMPUTE_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(path))
        {
            var message = $"Chromium not found at {path} (apt-get install chromium, or set EDGECOMPUTE_CHROMIUM)";
            if (Environment.GetEnvironmentVariable("EDGECOMPUTE_REQUIRE_SERVICES") == "1")
            {
                Assert.Fail(message + " (EDGECOMPUTE_REQUIRE_SERVICES=1)");
            }

            Assert.Skip(message);
        }

        var playwright = await Playwright.CreateAsync();
        var chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        Directory.CreateDirectory(ScreenshotFolder);
        return new Browser(playwright, chromium);
    }

    /// <summary>A fresh context (its own session storage) and page, failing on any console error or CSP violation the page reports.</summary>
    public async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> OpenAsync(Uri address)
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = address.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(WaitMs);
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            // a 4xx the page asked for on purpose is logged as "Failed to load resource"; anything else (a CSP violation, an exception) fails the test
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                lock (errors)
                {
                    errors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add(error);
            }
        };
        return (context, page, errors);
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var file = Path.Combine(ScreenshotFolder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {file}");
    }

    public async ValueTask DisposeAsync()
    {
        await Chromium.DisposeAsync();
        _playwright.Dispose();
    }
}
