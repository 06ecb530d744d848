using System.Globalization;
using Instrumentation.Collection;
using Instrumentation.Probes;
using Instrumentation.Snapshots;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Instrumentation.AI.Tests;

/// <summary><c>UseInstrumentation()</c> on a chat client pipeline: every call is usage per model and provider.</summary>
public sealed class ChatClientUsageTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-02T10:00:00Z", CultureInfo.InvariantCulture));
    private readonly ProbeRegistry _registry = new();

    [Fact]
    public async Task Tokens_and_cost_are_recorded_per_model_and_provider_from_the_responses_usage()
    {
        var options = new UsageOptions();
        options.Prices["gpt-4o"] = new UsagePrice { InputPerMillion = 2.5m, OutputPerMillion = 10m };
        using IChatClient openAi = Instrumented(new LocalChatClient("openai", "gpt-4o", outputTokens: 7), options);
        using IChatClient local = Instrumented(new LocalChatClient("ollama", "llama3", outputTokens: 3), options);

        for (int i = 0; i < 3; i++)
        {
            await openAi.GetResponseAsync("twelve chars");
        }

        await openAi.GetResponseAsync("four", new ChatOptions { ModelId = "gpt-4o-mini" });
        await local.GetResponseAsync("hello");

        InstrumentationSnapshot snapshot = await LocalSnapshot.TakeAsync(_registry, _time);
        Assert.Equal(
            [("gpt-4o", "openai", 3L, 36L, 21L, 300L), ("gpt-4o-mini", "openai", 1L, 4L, 7L, 0L), ("llama3", "ollama", 1L, 5L, 3L, 0L)],
            snapshot.Usage.Select(u => (u.Tags["model"], u.Tags["provider"], u.Calls, u.InputTokens, u.OutputTokens, u.CostMicros)).OrderBy(u => u.Item1, StringComparer.Ordinal));
        // 36 input tokens at 2.5 and 21 output tokens at 10 per million: 90 + 210 millionths.
        Assert.All(snapshot.Usage, u => Assert.NotNull(u.P50Ms));
    }

    [Fact]
    public async Task A_stream_records_the_usage_of_its_last_update()
    {
        using IChatClient client = Instrumented(new LocalChatClient("openai", "gpt-4o", outputTokens: 5), new UsageOptions());

        var text = new System.Text.StringBuilder();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("six ch"))
        {
            text.Append(update.Text);
        }

        UsageSnapshot usage = (await LocalSnapshot.TakeAsync(_registry, _time)).Usage.Single();
        Assert.Equal("a local answer in five words ", text.ToString());
        Assert.Equal((1L, 0L, 6L, 5L), (usage.Calls, usage.Failures, usage.InputTokens, usage.OutputTokens));
    }

    [Fact]
    public async Task Exceptions_and_cancellations_are_failures_and_reach_the_caller_unchanged()
    {
        var inner = new LocalChatClient("openai", "gpt-4o");
        using IChatClient client = Instrumented(inner, new UsageOptions());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync("hi", cancellationToken: cancelled.Token));
        var down = new HttpRequestException("the provider is down");
        inner.Failure = down;
        HttpRequestException thrown = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetResponseAsync("hi"));
        await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("hi"))
            {
            }
        });
        inner.Failure = null;
        await client.GetResponseAsync("hi");

        UsageSnapshot usage = (await LocalSnapshot.TakeAsync(_registry, _time)).Usage.Single();
        Assert.Same(down, thrown);
        Assert.Equal((4L, 3L, 0.75), (usage.Calls, usage.Failures, usage.FailureRate));
    }

    [Fact]
    public async Task Prices_bind_from_configuration_and_a_negative_one_stops_start_up_naming_it()
    {
        HostApplicationBuilder good = Host.CreateApplicationBuilder();
        good.Configuration.AddInMemoryCollection([new("Instrumentation:Usage:Prices:GPT-4o:InputPerMillion", "2.5"), new("Instrumentation:Usage:Prices:GPT-4o:OutputPerMillion", "10")]);
        good.AddInstrumentation().AddUsage(o => o.MetricName = "readme.llm");
        // As the README shows it: the app's chat client, registered with AddChatClient.
        good.Services.AddChatClient(_ => new LocalChatClient("openai", "gpt-4o", outputTokens: 4)).UseInstrumentation();
        using (IHost host = good.Build())
        {
            await host.StartAsync();
            // The host's start gave the registry the configured prices too, for [TrackUsage] probe methods.
            Assert.True(host.Services.GetRequiredService<ProbeRegistry>().UsagePrices.TryGetCostMicros("gpt-4o", inputTokens: 2, outputTokens: 1, out long cost));
            Assert.Equal(15, cost);
            await host.Services.GetRequiredService<IChatClient>().GetResponseAsync("abcd");
            Assert.Equal((1L, 4L, 4L, 50L), await TotalsAsync(host.Services.GetRequiredService<ProbeRegistry>(), "readme.llm"));
            await host.StopAsync();
        }

        HostApplicationBuilder bad = Host.CreateApplicationBuilder();
        bad.Configuration.AddInMemoryCollection([new("Instrumentation:Usage:Prices:gpt-4o:OutputPerMillion", "-1")]);
        bad.AddInstrumentation().AddUsage();
        using IHost refused = bad.Build();
        OptionsValidationException thrown = await Assert.ThrowsAsync<OptionsValidationException>(() => refused.StartAsync());
        Assert.Contains("Instrumentation:Usage:Prices:gpt-4o:OutputPerMillion is out of range", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_builder_takes_the_registry_and_prices_from_the_services()
    {
        var services = new ServiceCollection();
        services.AddSingleton(_registry);
        services.AddOptions<UsageOptions>().Configure(o => o.Prices["gpt-4o"] = new UsagePrice { InputPerMillion = 1m, OutputPerMillion = 1m });
        using ServiceProvider provider = services.BuildServiceProvider();
        using IChatClient client = new LocalChatClient("openai", "gpt-4o", outputTokens: 2).AsBuilder().UseInstrumentation().Build(provider);

        await client.GetResponseAsync("abc");

        Assert.Equal(5, (await LocalSnapshot.TakeAsync(_registry, _time)).Usage.Single().CostMicros);
    }

    /// <summary>Calls, input and output tokens and cost of a metric's one series, read as a collector reads them.</summary>
    private static async Task<(long Calls, long Input, long Output, long Cost)> TotalsAsync(ProbeRegistry registry, string metric)
    {
        await using var collector = new InstrumentationCollector(registry);
        SeriesDelta delta = collector.Collect().Deltas.Single(d => d.Series.Metric == metric);
        return (delta.Fields[FieldNames.Calls], delta.Fields[FieldNames.InputTokens], delta.Fields[FieldNames.OutputTokens], delta.Fields[FieldNames.CostMicros]);
    }

    private IChatClient Instrumented(IChatClient inner, UsageOptions options) => new InstrumentingChatClient(inner, _registry, options);


    [Fact]
    public async Task A_clients_own_configure_changes_only_that_client_not_the_apps_options()
    {
        var services = new ServiceCollection();
        services.AddSingleton(_registry);
        services.AddOptions<UsageOptions>().Configure(o => o.MetricName = "app.llm");
        using ServiceProvider provider = services.BuildServiceProvider();
        using IChatClient a = new LocalChatClient("openai", "gpt-4o").AsBuilder().UseInstrumentation(o => { o.MetricName = "client.a"; o.Budgets.Add(new UsageBudget { Name = "a", LimitTokens = 1 }); }).Build(provider);
        using IChatClient b = new LocalChatClient("openai", "gpt-4o").AsBuilder().UseInstrumentation().Build(provider);

        await b.GetResponseAsync("hello");

        UsageOptions app = provider.GetRequiredService<IOptions<UsageOptions>>().Value;
        Assert.Equal(("app.llm", 0), (app.MetricName, app.Budgets.Count));
        Assert.NotNull(_registry.Find("app.llm"));
    }
}
