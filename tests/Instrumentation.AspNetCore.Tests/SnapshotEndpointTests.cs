using System.Net;
using System.Text.Json;
using Instrumentation.Collection;
using Instrumentation.Probes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Instrumentation.AspNetCore.Tests;

/// <summary>The snapshot endpoints: authorization is the app's, bad queries are 400 ProblemDetails, shutdown flushes.</summary>
public sealed class SnapshotEndpointTests
{
    [Fact]
    public async Task RequireAuthorization_on_the_group_refuses_anonymous_readers_with_401()
    {
        await using KestrelApp app = await KestrelApp.StartAsync(
            WithHeaderAuthentication,
            web => web.MapInstrumentation().RequireAuthorization());

        using HttpResponseMessage anonymous = await app.Client.GetAsync("/instrumentation/snapshot");
        using var signedIn = new HttpRequestMessage(HttpMethod.Get, "/instrumentation/endpoints/top");
        signedIn.Headers.Add("X-Operator", "ops");
        using HttpResponseMessage authorized = await app.Client.SendAsync(signedIn);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
    }

    [Fact]
    public async Task Two_groups_mapped_side_by_side_one_public_one_secured_both_answer()
    {
        await using KestrelApp app = await KestrelApp.StartAsync(
            WithHeaderAuthentication,
            web =>
            {
                web.MapGet("/hello", () => "hi");
                web.MapInstrumentation();
                web.MapInstrumentation("/ops/instrumentation").RequireAuthorization();
            });

        using HttpResponseMessage unrelated = await app.Client.GetAsync("/hello");
        using HttpResponseMessage open = await app.Client.GetAsync("/instrumentation/snapshot");
        using HttpResponseMessage anonymous = await app.Client.GetAsync("/ops/instrumentation/endpoints/top");
        using var signedIn = new HttpRequestMessage(HttpMethod.Get, "/ops/instrumentation/snapshot");
        signedIn.Headers.Add("X-Operator", "ops");
        using HttpResponseMessage authorized = await app.Client.SendAsync(signedIn);

        Assert.Equal(HttpStatusCode.OK, unrelated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
    }

    [Fact]
    public async Task A_secured_group_under_the_default_prefix_gets_names_of_its_own()
    {
        await using KestrelApp app = await KestrelApp.StartAsync(
            WithHeaderAuthentication,
            web =>
            {
                web.MapGet("/hello", () => "hi");
                web.MapInstrumentation();
                web.MapInstrumentation("/instrumentation/secure").RequireAuthorization();
                web.MapGroup("/instrumentation").MapInstrumentation("/ops").RequireAuthorization();
            });

        using HttpResponseMessage unrelated = await app.Client.GetAsync("/hello");
        using HttpResponseMessage open = await app.Client.GetAsync("/instrumentation/snapshot");
        using HttpResponseMessage secure = await app.Client.GetAsync("/instrumentation/secure/snapshot");
        using HttpResponseMessage ops = await app.Client.GetAsync("/instrumentation/ops/endpoints/top");

        Assert.Equal(
            (HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized),
            (unrelated.StatusCode, open.StatusCode, secure.StatusCode, ops.StatusCode));
    }

    [Fact]
    public async Task The_default_prefix_under_two_outer_groups_gets_names_of_its_own_in_each()
    {
        await using KestrelApp app = await KestrelApp.StartAsync(
            WithHeaderAuthentication,
            web =>
            {
                web.MapGet("/hello", () => "hi");
                web.MapGroup("/public").MapInstrumentation();
                web.MapGroup("/secure").MapInstrumentation().RequireAuthorization();
            });

        using HttpResponseMessage unrelated = await app.Client.GetAsync("/hello");
        using HttpResponseMessage open = await app.Client.GetAsync("/public/instrumentation/snapshot");
        using HttpResponseMessage anonymous = await app.Client.GetAsync("/secure/instrumentation/snapshot");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized), (unrelated.StatusCode, open.StatusCode, anonymous.StatusCode));
    }

    [Theory]
    [InlineData("/instrumentation/snapshot?window=2m", "window")]
    [InlineData("/instrumentation/snapshot?window=", "window")]
    [InlineData("/instrumentation/snapshot?window=1m&window=5m", "window")]
    [InlineData("/instrumentation/snapshot?scope=galaxy", "scope")]
    [InlineData("/instrumentation/snapshot?scope=fleet", "scope")]
    [InlineData("/instrumentation/snapshot?scope=history", "scope")]
    [InlineData("/instrumentation/endpoints/top?by=latency", "by")]
    [InlineData("/instrumentation/endpoints/top?limit=0", "limit")]
    [InlineData("/instrumentation/endpoints/top?limit=abc", "limit")]
    [InlineData("/instrumentation/endpoints/top?limit=5000", "limit")]
    [InlineData("/instrumentation/endpoints/top?limit=-3", "limit")]
    public async Task A_bad_query_value_is_a_400_problem_that_names_the_parameter(string path, string parameter)
    {
        await using KestrelApp app = await KestrelApp.StartAsync(builder => builder.Services.AddInstrumentation(), web => web.MapInstrumentation());

        using HttpResponseMessage response = await app.Client.GetAsync(path);
        string body = await response.Content.ReadAsStringAsync();
        using JsonDocument problem = JsonDocument.Parse(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(parameter, problem.RootElement.GetProperty("parameter").GetString());
        Assert.Contains($"'{parameter}'", problem.RootElement.GetProperty("detail").GetString() ?? body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Graceful_shutdown_flushes_the_last_deltas_to_the_sinks()
    {
        var sink = new CountingSink();
        KestrelApp app = await KestrelApp.StartAsync(
            builder => builder.Services.AddInstrumentation(o => o.Interval = TimeSpan.FromHours(1)).AddSink(sink),
            web => web.MapGet("/work", [TrackEndpoint("work")] () => "done"));
        await RequestRecordingTests.SendAsync(app.Client, "/work", 4);
        app.Registry.GetOrAddEvent("shutdown.events").Default.Add(9);
        await WaitUntilAsync(() => app.Registry.Find("work")!.Series.Count > 0);

        await app.DisposeAsync();

        Assert.Equal(9, sink.Total("shutdown.events"));
        Assert.Equal(4, sink.Total("work"));
    }

    [Fact]
    public async Task Invalid_options_stop_the_app_at_start_with_the_setting_named()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => KestrelApp.StartAsync(
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Instrumentation:Interval"] = "00:00:00",
                    ["Instrumentation:CardinalityLimit"] = "0",
                    ["Instrumentation:MaxSeries"] = "0",
                    ["Instrumentation:DefaultWindow"] = "2m",
                });
                builder.Services.AddInstrumentation();
            },
            web => web.MapInstrumentation()));

        Assert.Contains("Instrumentation:Interval is 00:00:00", error.Message, StringComparison.Ordinal);
        Assert.Contains("Instrumentation:CardinalityLimit is 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("Instrumentation:MaxSeries is 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("Instrumentation:DefaultWindow is '2m'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_bind_from_the_Instrumentation_section()
    {
        await using KestrelApp app = await KestrelApp.StartAsync(
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Instrumentation:CardinalityLimit"] = "25",
                    ["Instrumentation:MaxSeries"] = "2500",
                    ["Instrumentation:DefaultWindow"] = "5m",
                });
                builder.Services.AddInstrumentation();
            },
            web => web.MapInstrumentation());

        using JsonDocument snapshot = JsonDocument.Parse(await app.Client.GetStringAsync("/instrumentation/snapshot"));
        Assert.Equal("5m", snapshot.RootElement.GetProperty("window").GetString());
        Assert.Equal(25, app.Registry.DefaultCardinalityLimit);
        Assert.Equal(2_500, app.Registry.MaxSeries);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (int i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }
    }

    /// <summary>A real in-memory sink that sums the first counter of each metric.</summary>
    private sealed class CountingSink : IInstrumentationSink
    {
        private readonly Dictionary<string, long> _totals = [];

        public string Name => "counting";

        public long Total(string metric)
        {
            lock (_totals)
            {
                return _totals.GetValueOrDefault(metric);
            }
        }

        public ValueTask WriteAsync(MetricsBatch batch, CancellationToken cancellationToken)
        {
            lock (_totals)
            {
                foreach (SeriesDelta delta in batch.Deltas.Where(d => d.Fields.Count > 0))
                {
                    _totals[delta.Series.Metric] = _totals.GetValueOrDefault(delta.Series.Metric) + delta.Fields.Values.First();
                }
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Instrumentation, and an "X-Operator" header as the only way to sign in.</summary>
    private static void WithHeaderAuthentication(WebApplicationBuilder builder)
    {
        builder.Services.AddInstrumentation();
        builder.Services.AddAuthentication(HeaderAuthentication.SchemeName).AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null);
        builder.Services.AddAuthorization();
    }
}
