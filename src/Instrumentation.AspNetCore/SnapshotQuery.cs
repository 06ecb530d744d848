using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Instrumentation.Snapshots;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Instrumentation.AspNetCore;

/// <summary>
/// The query of a snapshot request: <c>window</c>, <c>scope</c> and, for the top list, <c>by</c> and
/// <c>limit</c>. A bad value is a <see cref="QueryProblem"/> that names the parameter and what it takes.
/// </summary>
internal sealed record SnapshotQuery(SnapshotWindow Window, SnapshotScope Scope, TopEndpointsOrder By, int Limit)
{
    public const int MaxLimit = 1000;

    public static bool TryParse(IQueryCollection query, SnapshotWindow defaultWindow, [NotNullWhen(true)] out SnapshotQuery? parsed, [NotNullWhen(false)] out QueryProblem? problem)
    {
        parsed = null;
        SnapshotWindow window = defaultWindow;
        string? windowText = Single(query, "window", out problem);
        if (windowText is not null)
        {
            if (SnapshotWindow.TryParse(windowText, out SnapshotWindow? named))
            {
                window = named.Value;
            }
            else
            {
                problem = new QueryProblem("window", windowText, "1m, 5m or 1h");
            }
        }

        SnapshotScope scope = SnapshotScope.Local;
        if (problem is null && Single(query, "scope", out problem) is { } scopeText && !TryParseScope(scopeText, out scope))
        {
            problem = new QueryProblem("scope", scopeText, "local, fleet or history");
        }

        TopEndpointsOrder by = TopEndpointsOrder.Requests;
        if (problem is null && Single(query, "by", out problem) is { } byText && !TopEndpointsOrderExtensions.TryParseName(byText, out by))
        {
            problem = new QueryProblem("by", byText, "requests, errors or p99");
        }

        int limit = 10;
        if (problem is null && Single(query, "limit", out problem) is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            problem = new QueryProblem("limit", limitText, $"a whole number from 1 to {MaxLimit}");
        }

        if (problem is not null)
        {
            return false;
        }

        parsed = new SnapshotQuery(window, scope, by, limit);
        return true;
    }

    private static string? Single(IQueryCollection query, string name, out QueryProblem? problem)
    {
        problem = null;
        if (!query.TryGetValue(name, out StringValues values))
        {
            return null;
        }

        if (values.Count != 1)
        {
            problem = new QueryProblem(name, values.ToString(), "one value");
            return null;
        }

        return values[0] ?? string.Empty;
    }

    private static bool TryParseScope(string text, out SnapshotScope scope)
    {
        (bool ok, scope) = text.Trim().ToLowerInvariant() switch
        {
            "local" => (true, SnapshotScope.Local),
            "fleet" => (true, SnapshotScope.Fleet),
            "history" => (true, SnapshotScope.History),
            _ => (false, SnapshotScope.Local),
        };
        return ok;
    }
}

/// <summary>A query value the endpoints refuse: which parameter, what it was, what it takes.</summary>
internal sealed record QueryProblem(string Parameter, string Value, string Expected)
{
    public string Detail => $"The query parameter '{Parameter}' is '{Value}'; use {Expected}.";
}
