using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Instrumentation.AspNetCore.Tests;

/// <summary>docs/snapshot-api.openapi.json describes what the endpoints really answer: the same properties, no more, no fewer.</summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task Every_answer_has_exactly_the_documented_properties()
    {
        using JsonDocument document = JsonDocument.Parse(await File.ReadAllTextAsync(DocumentPath()));
        JsonElement schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        await using KestrelApp app = await KestrelApp.StartAsync(
            builder =>
            {
                builder.Services.AddInstrumentation(o => o.Interval = TimeSpan.FromMilliseconds(50));
                builder.Services.Configure<Instrumentation.Alerts.AlertOptions>(o => o.Rules.Add(new() { Name = "errors", Metric = "endpoint", Field = "errorRate", Threshold = "> 0.5" }));
            },
            web =>
            {
                web.MapGet("/work", [TrackEndpoint("work")] () => "ok");
                web.MapInstrumentation();
            });
        app.Registry.GetOrAddToken("tokens").Default.Issue();
        app.Registry.GetOrAddCache("cache").Default.Lookup(hit: true);
        app.Registry.GetOrAddEvent("events").Default.Increment();
        app.Registry.GetOrAddGauge("gauge").Default.Increment();
        app.Registry.GetOrAddEndpoint("endpoint").Default.Record(1_000, failed: false);
        await app.App.Services.GetRequiredService<Instrumentation.Collection.InstrumentationCollector>().FlushAsync();

        using JsonDocument snapshot = JsonDocument.Parse(await app.Client.GetStringAsync("/instrumentation/snapshot"));
        using JsonDocument top = JsonDocument.Parse(await app.Client.GetStringAsync("/instrumentation/endpoints/top"));
        using HttpResponseMessage bad = await app.Client.GetAsync("/instrumentation/snapshot?window=2d");
        using JsonDocument problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());

        AssertMatches(schemas, "InstrumentationSnapshot", snapshot.RootElement);
        AssertMatches(schemas, "EndpointSnapshot", snapshot.RootElement.GetProperty("endpoints")[0]);
        AssertMatches(schemas, "TokenSnapshot", snapshot.RootElement.GetProperty("tokens")[0]);
        AssertMatches(schemas, "CacheSnapshot", snapshot.RootElement.GetProperty("caches")[0]);
        AssertMatches(schemas, "EventSnapshot", snapshot.RootElement.GetProperty("events")[0]);
        AssertMatches(schemas, "GaugeSnapshot", snapshot.RootElement.GetProperty("gauges")[0]);
        AssertMatches(schemas, "AlertSnapshot", snapshot.RootElement.GetProperty("alerts")[0]);
        AssertMatches(schemas, "TopEndpoints", top.RootElement);
        AssertMatches(schemas, "QueryProblem", problem.RootElement);
    }

    private static void AssertMatches(JsonElement schemas, string schema, JsonElement actual)
    {
        string[] documented = [.. schemas.GetProperty(schema).GetProperty("properties").EnumerateObject().Select(p => p.Name).Order()];
        string[] answered = [.. actual.EnumerateObject().Select(p => p.Name).Where(n => n != "traceId").Order()];
        Assert.True(documented.SequenceEqual(answered), $"{schema}: documented [{string.Join(", ", documented)}], answered [{string.Join(", ", answered)}]");
    }

    private static string DocumentPath([CallerFilePath] string testFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(testFile)!, "../../docs/snapshot-api.openapi.json"));
}
