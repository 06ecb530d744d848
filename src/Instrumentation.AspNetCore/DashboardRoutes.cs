using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Instrumentation.Snapshots;
using Microsoft.Extensions.DependencyInjection;

namespace Instrumentation.AspNetCore;

/// <summary>
/// The dashboard: one page, its stylesheet, scripts and icon, embedded in this assembly and served from the route group,
/// so it takes the group's authorization. Nothing is loaded from elsewhere, and the page runs under a strict
/// Content-Security-Policy: no inline script or style, requests only to this app.
/// </summary>
internal static class DashboardRoutes
{
    /// <summary>The policy every dashboard response carries.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly (string Route, string Resource, string ContentType)[] s_files =
    [
        ("/dashboard", "dashboard.html", "text/html; charset=utf-8"),
        ("/dashboard/dashboard.css", "dashboard.css", "text/css; charset=utf-8"),
        ("/dashboard/chart.js", "chart.js", "text/javascript; charset=utf-8"),
        ("/dashboard/dashboard.js", "dashboard.js", "text/javascript; charset=utf-8"),
        ("/dashboard/icon.svg", "icon.svg", "image/svg+xml"),
    ];

    /// <summary>Maps the page and its files (stylesheet, scripts, icon) on <paramref name="group"/>.</summary>
    public static void Map(RouteGroupBuilder group)
    {
        foreach ((string route, string resource, string contentType) in s_files)
        {
            byte[] content = Read(resource);
            group.MapGet(route, (HttpContext context) => ServeAsync(context, content, contentType))
                .WithName("InstrumentationDashboard" + (resource == "dashboard.html" ? string.Empty : "." + resource))
                .ExcludeFromDescription();
        }

        // The scopes this app answers, so the page offers only those (asking for another is a 400, which a browser logs).
        group.MapGet("/dashboard/scopes", static context =>
            {
                SnapshotService snapshots = context.RequestServices.GetRequiredService<SnapshotService>();
                string[] scopes = [.. Enum.GetValues<SnapshotScope>().Where(snapshots.Supports).Select(s => $"\"{s.ToString().ToLowerInvariant()}\"")];
                context.Response.Headers.CacheControl = "no-cache";
                context.Response.ContentType = "application/json";
                return context.Response.WriteAsync($"[{string.Join(",", scopes)}]", context.RequestAborted);
            })
            .WithName("InstrumentationDashboard.scopes")
            .ExcludeFromDescription();
    }

    private static Task ServeAsync(HttpContext context, byte[] content, string contentType)
    {
        IHeaderDictionary headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-cache";
        context.Response.ContentType = contentType;
        context.Response.ContentLength = content.Length;
        return context.Response.Body.WriteAsync(content, context.RequestAborted).AsTask();
    }

    private static byte[] Read(string resource)
    {
        using Stream stream = typeof(DashboardRoutes).Assembly.GetManifestResourceStream("Instrumentation.AspNetCore.Dashboard." + resource)
            ?? throw new InvalidOperationException($"The dashboard's {resource} is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
