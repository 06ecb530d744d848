using PuppeteerSharp;

namespace Instrumentation.AspNetCore.Tests;

/// <summary>
/// A headless Chromium (Debian's <c>chromium</c>, or <c>CHROMIUM_PATH</c>) with one page that records every console
/// error, page error, failed request and response of 400 or more, so a test can assert there were none.
/// </summary>
internal sealed class DashboardBrowser : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly IBrowser _browser;
    private readonly List<string> _problems = [];

    private DashboardBrowser(IBrowser browser, IPage page)
    {
        _browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    /// <summary>What went wrong in the page so far (console errors, page errors, failed requests, 4xx and 5xx).</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_problems)
            {
                return [.. _problems];
            }
        }
    }

    public static async Task<DashboardBrowser> OpenAsync(KestrelApp app, int width = 1280, int height = 800)
    {
        IBrowser browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            Headless = true,
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        IPage page = await browser.NewPageAsync();
        var opened = new DashboardBrowser(browser, page);
        page.Console += (_, e) =>
        {
            if (e.Message.Type == ConsoleType.Error)
            {
                opened.Add("console: " + e.Message.Text);
            }
        };
        page.PageError += (_, e) => opened.Add("page error: " + e.Message);
        page.RequestFailed += (_, e) => opened.Add("failed request: " + e.Request.Url);
        page.Response += (_, e) =>
        {
            if ((int)e.Response.Status >= 400)
            {
                opened.Add($"{(int)e.Response.Status}: {e.Response.Url}");
            }
        };
        await page.SetViewportAsync(new ViewPortOptions { Width = width, Height = height });
        await page.GoToAsync(new Uri(app.Client.BaseAddress!, "/instrumentation/dashboard").ToString());
        return opened;
    }

    /// <summary>Waits (polling, at most <see cref="Patience"/>) until <paramref name="condition"/> is true in the page; if it never is, fails with what <paramref name="shown"/> evaluates to.</summary>
    public async Task WaitForAsync(string condition, string shown, string what)
    {
        try
        {
            await Page.WaitForFunctionAsync(condition, new WaitForFunctionOptions { Timeout = (int)Patience.TotalMilliseconds, PollingInterval = 100 });
        }
        catch (WaitTaskTimeoutException)
        {
            Assert.Fail($"The page never {what}; it showed: {await Page.EvaluateExpressionAsync<string>(shown)} | problems: {string.Join("; ", Problems)}");
        }
    }

    /// <summary>Writes a screenshot of the viewport next to the test assembly.</summary>
    public Task ScreenshotAsync(string file) => Page.ScreenshotAsync(Path.Combine(AppContext.BaseDirectory, file));

    public async ValueTask DisposeAsync()
    {
        await Page.DisposeAsync();
        await _browser.DisposeAsync();
    }

    private void Add(string problem)
    {
        lock (_problems)
        {
            _problems.Add(problem);
        }
    }
}
