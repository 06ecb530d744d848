using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Instrumentation.AspNetCore.Tests;

/// <summary>The dashboard as HTTP serves it: self-contained, under a strict policy, behind the group's authorization.</summary>
public sealed partial class DashboardTests
{
    [Fact]
    public async Task The_page_and_its_files_are_served_under_a_strict_content_security_policy_with_no_inline_code()
    {
        await using KestrelApp app = await KestrelApp.StartAsync(b => b.Services.AddInstrumentation(), web => web.MapInstrumentation());

        using HttpResponseMessage page = await app.Client.GetAsync("/instrumentation/dashboard");
        string html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        string policy = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(page.Headers.GetValues("X-Content-Type-Options")));

        // Every script is a file of this app; no inline script, style or event handler; nothing from another origin.
        Assert.Equal(
            ["<script src=\"dashboard/chart.js\" defer>", "<script src=\"dashboard/dashboard.js\" defer>"],
            ScriptTags().Matches(html).Select(m => m.Value));
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(" style=| on[a-z]+=|https?://", html);

        foreach ((string file, string type) in new[] { ("dashboard.css", "text/css"), ("chart.js", "text/javascript"), ("dashboard.js", "text/javascript") })
        {
            using HttpResponseMessage asset = await app.Client.GetAsync($"/instrumentation/dashboard/{file}");
            Assert.Equal((HttpStatusCode.OK, type), (asset.StatusCode, asset.Content.Headers.ContentType!.MediaType));
            Assert.Single(asset.Headers.GetValues("Content-Security-Policy"));
            // The one address allowed is SVG's namespace name, which the chart needs and no browser fetches.
            Assert.DoesNotMatch("https?://(?!www\\.w3\\.org/2000/svg\")", await asset.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task The_dashboard_takes_the_groups_authorization_and_can_be_left_out()
    {
        await using KestrelApp app = await KestrelApp.StartAsync(
            builder =>
            {
                builder.Services.AddInstrumentation();
                builder.Services.AddAuthentication(HeaderAuthentication.SchemeName).AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null);
                builder.Services.AddAuthorization();
            },
            web =>
            {
                web.UseAuthentication();
                web.UseAuthorization();
                web.MapInstrumentation().RequireAuthorization();
                web.MapInstrumentation("/plain", dashboard: false);
            });

        using HttpResponseMessage anonymous = await app.Client.GetAsync("/instrumentation/dashboard");
        using var signedIn = new HttpRequestMessage(HttpMethod.Get, "/instrumentation/dashboard/dashboard.js");
        signedIn.Headers.Add("X-Operator", "ops");
        using HttpResponseMessage authorized = await app.Client.SendAsync(signedIn);
        using HttpResponseMessage leftOut = await app.Client.GetAsync("/plain/dashboard");
        using HttpResponseMessage snapshot = await app.Client.GetAsync("/plain/snapshot");

        Assert.Equal(
            (HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.OK),
            (anonymous.StatusCode, authorized.StatusCode, leftOut.StatusCode, snapshot.StatusCode));
    }

    [Fact]
    public async Task The_whole_page_stays_under_32_KB()
    {
        await using KestrelApp app = await KestrelApp.StartAsync(b => b.Services.AddInstrumentation(), web => web.MapInstrumentation());
        long total = 0;
        foreach (string path in new[] { "", "/dashboard.css", "/chart.js", "/dashboard.js", "/icon.svg" })
        {
            using HttpResponseMessage response = await app.Client.GetAsync("/instrumentation/dashboard" + path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            total += (await response.Content.ReadAsByteArrayAsync()).Length;
        }

        // The README states the total; this keeps the page small enough to read at a glance and to load on a slow link.
        Assert.InRange(total, 1, 32 * 1024);
    }

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTags();
}
