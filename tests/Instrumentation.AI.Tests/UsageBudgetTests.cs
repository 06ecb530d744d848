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

/// <summary>Budgets evaluated after each collection: thresholds warn once per period; an enforced budget refuses calls.</summary>
public sealed class UsageBudgetTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-02T10:20:00Z", CultureInfo.InvariantCulture));
    private readonly ProbeRegistry _registry = new();

    [Fact]
    public async Task Each_threshold_is_crossed_once_per_period_and_a_new_hour_starts_from_zero()
    {
        // One input token costs 1 millionth; the budget is 100 millionths an hour; each call sends 40 tokens.
        UsageOptions options = PricedOptions(new UsageBudget { Name = "hourly", LimitCost = 0.0001m, Period = BudgetPeriod.Hour });
        var handler = new RecordingBudgetHandler();
        var budgets = new UsageBudgets(options, [handler], _time);
        await using var collector = new InstrumentationCollector(_registry, [budgets], new CollectorOptions { Interval = TimeSpan.FromHours(1) }, _time);
        using IChatClient client = new InstrumentingChatClient(new LocalChatClient("openai", "gpt-4o", outputTokens: 0), _registry, options, budgets: budgets);

        int[] afterEachCall = new int[5];
        for (int call = 0; call < 5; call++)
        {
            await client.GetResponseAsync(new string('x', 40));
            await collector.FlushAsync();
            afterEachCall[call] = handler.Alerts.Count;
        }

        // 40 %, 80 % (crosses 50 and 80), 120 % (crosses 100), 160 %, 200 %: three warnings in the hour.
        Assert.Equal([0, 2, 3, 3, 3], afterEachCall);
        Assert.Equal([50, 80, 100], handler.Alerts.Select(a => a.ThresholdPercent));
        Assert.Equal(("hourly", 0.00012m, 0.0001m, "cost"), (handler.Alerts[2].Budget, handler.Alerts[2].Spent, handler.Alerts[2].Limit, handler.Alerts[2].Unit));
        BudgetSnapshot spent = Assert.Single(budgets.Budgets);
        Assert.Equal(("exhausted", 200.0), (spent.State, spent.Percent));

        _time.AdjustTime(DateTimeOffset.Parse("2026-12-02T11:00:00Z", CultureInfo.InvariantCulture));
        Assert.Equal(("ok", 0m), (budgets.Budgets[0].State, budgets.Budgets[0].Spent));
        await client.GetResponseAsync(new string('x', 80));
        await collector.FlushAsync();

        Assert.Equal([50, 80, 100, 50, 80], handler.Alerts.Select(a => a.ThresholdPercent));
        Assert.Equal(DateTimeOffset.Parse("2026-12-02T11:00:00Z", CultureInfo.InvariantCulture), handler.Alerts[^1].PeriodStart);
    }

    [Fact]
    public async Task A_day_budget_crosses_each_threshold_once_and_starts_again_at_midnight_utc()
    {
        _time.AdjustTime(DateTimeOffset.Parse("2026-12-02T23:59:30Z", CultureInfo.InvariantCulture));
        UsageOptions options = PricedOptions(new UsageBudget { Name = "daily", LimitTokens = 100, Period = BudgetPeriod.Day, Thresholds = [80] });
        var handler = new RecordingBudgetHandler();
        var budgets = new UsageBudgets(options, [handler], _time);
        await using var collector = new InstrumentationCollector(_registry, [budgets], new CollectorOptions { Interval = TimeSpan.FromHours(1) }, _time);
        using IChatClient client = new InstrumentingChatClient(new LocalChatClient("openai", "gpt-4o", outputTokens: 0), _registry, options, budgets: budgets);

        await client.GetResponseAsync(new string('x', 90));
        await collector.FlushAsync();
        await client.GetResponseAsync(new string('x', 5));
        await collector.FlushAsync();
        Assert.Equal([80], handler.Alerts.Select(a => a.ThresholdPercent));

        // Past midnight the day is new: 90 tokens cross 80 % once more, in the new day.
        _time.Advance(TimeSpan.FromSeconds(40));
        await client.GetResponseAsync(new string('x', 90));
        await collector.FlushAsync();
        Assert.Equal([80, 80], handler.Alerts.Select(a => a.ThresholdPercent));
        Assert.Equal(DateTimeOffset.Parse("2026-12-03T00:00:00Z", CultureInfo.InvariantCulture), handler.Alerts[^1].PeriodStart);
        Assert.Equal(90m, budgets.Budgets[0].Spent);
    }

    [Fact]
    public async Task An_enforced_budget_refuses_the_calls_it_covers_before_sending_them()
    {
        UsageOptions options = PricedOptions(new UsageBudget { Name = "gpt-4o daily tokens", Model = "GPT-4o", LimitTokens = 100, Enforce = true });
        var budgets = new UsageBudgets(options, timeProvider: _time);
        await using var collector = new InstrumentationCollector(_registry, [budgets], new CollectorOptions { Interval = TimeSpan.FromHours(1) }, _time);
        var inner = new LocalChatClient("openai", "gpt-4o", outputTokens: 10);
        using IChatClient client = new InstrumentingChatClient(inner, _registry, options, budgets: budgets);

        await client.GetResponseAsync(new string('x', 50));
        await client.GetResponseAsync(new string('x', 50));
        await collector.FlushAsync();

        UsageBudgetExceededException refused = await Assert.ThrowsAsync<UsageBudgetExceededException>(() => client.GetResponseAsync("more"));
        Assert.Equal(2, inner.Calls);
        Assert.Equal(("gpt-4o daily tokens", 120m, 100m), (refused.State!.Name, refused.State.Spent, refused.State.Limit));
        Assert.Contains("the call was not sent", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<UsageBudgetExceededException>(async () =>
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("more"))
            {
            }
        });

        // Another model is not covered by it.
        await client.GetResponseAsync("other", new ChatOptions { ModelId = "gpt-4o-mini" });
        Assert.Equal(3, inner.Calls);
    }

    [Fact]
    public async Task The_snapshot_shows_each_budget_where_it_stands()
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([
            new("Instrumentation:Usage:Budgets:0:Name", "daily tokens"),
            new("Instrumentation:Usage:Budgets:0:LimitTokens", "1000"),
            new("Instrumentation:Usage:Budgets:1:Name", "monthly cost"),
            new("Instrumentation:Usage:Budgets:1:LimitCost", "20"),
            new("Instrumentation:Usage:Budgets:1:Period", "Month")]);
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.AddInstrumentation().AddUsage();
        using IHost host = builder.Build();
        await host.StartAsync();

        InstrumentationSnapshot snapshot = await host.Services.GetRequiredService<SnapshotService>().GetSnapshotAsync(SnapshotWindow.OneMinute);
        string json = System.Text.Json.JsonSerializer.Serialize(snapshot, InstrumentationJsonContext.Default.InstrumentationSnapshot);
        await host.StopAsync();

        Assert.Equal(
            [("daily tokens", "day", DateTimeOffset.Parse("2026-12-02T00:00:00Z", CultureInfo.InvariantCulture), "tokens", "ok"), ("monthly cost", "month", DateTimeOffset.Parse("2026-12-01T00:00:00Z", CultureInfo.InvariantCulture), "cost", "ok")],
            snapshot.Budgets.Select(b => (b.Name, b.Period, b.PeriodStart, b.Unit, b.State)));
        Assert.Contains("\"budgets\":[{\"name\":\"daily tokens\",\"period\":\"day\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("LimitCost", "5", "LimitTokens", "100", "Instrumentation:Usage:Budgets:0 ('daily') sets both LimitCost and LimitTokens")]
    [InlineData("LimitCost", "0", "Period", "Day", "Instrumentation:Usage:Budgets:0:LimitCost ('daily') must be from")]
    [InlineData("LimitTokens", "10", "Thresholds:0", "0", "Instrumentation:Usage:Budgets:0:Thresholds ('daily') holds 0")]
    [InlineData("LimitCost", "0.0000000000000000000000000001", "Period", "Day", "Instrumentation:Usage:Budgets:0:LimitCost ('daily') must be from")]
    [InlineData("LimitTokens", "10", "Period", "7", "Instrumentation:Usage:Budgets:0:Period ('daily') is 7")]
    public async Task A_bad_budget_stops_start_up_naming_the_setting(string setting, string value, string other, string otherValue, string message)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([
            new("Instrumentation:Usage:Budgets:0:Name", "daily"),
            new($"Instrumentation:Usage:Budgets:0:{setting}", value),
            new($"Instrumentation:Usage:Budgets:0:{other}", otherValue)]);
        builder.AddInstrumentation().AddUsage();
        using IHost host = builder.Build();

        OptionsValidationException thrown = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(message, thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddUsage_called_twice_binds_each_budget_once()
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([new("Instrumentation:Usage:Budgets:0:Name", "daily"), new("Instrumentation:Usage:Budgets:0:LimitTokens", "10")]);
        builder.AddInstrumentation().AddUsage().AddUsage();
        using IHost host = builder.Build();
        await host.StartAsync();

        Assert.Single(host.Services.GetRequiredService<UsageBudgets>().Budgets);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_budget_and_a_price_named_for_the_requested_model_count_when_the_provider_answers_with_a_dated_model()
    {
        UsageOptions options = PricedOptions(new UsageBudget { Name = "gpt-4o", Model = "gpt-4o", LimitTokens = 100, Enforce = true });
        var budgets = new UsageBudgets(options, timeProvider: _time);
        await using var collector = new InstrumentationCollector(_registry, [budgets], new CollectorOptions { Interval = TimeSpan.FromHours(1) }, _time);
        var inner = new LocalChatClient("openai", "gpt-4o", outputTokens: 0) { AnswerModel = "gpt-4o-2024-08-06" };
        using IChatClient client = new InstrumentingChatClient(inner, _registry, options, budgets: budgets);

        ChatResponse answer = await client.GetResponseAsync(new string('x', 120), new ChatOptions { ModelId = "gpt-4o" });
        await collector.FlushAsync();

        Assert.Equal("gpt-4o-2024-08-06", answer.ModelId);
        Assert.Equal(("exhausted", 120m), (budgets.Budgets[0].State, budgets.Budgets[0].Spent));
        await Assert.ThrowsAsync<UsageBudgetExceededException>(() => client.GetResponseAsync("again", new ChatOptions { ModelId = "gpt-4o" }));
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task Calls_folded_into_the_overflow_series_count_against_every_model_budget()
    {
        _registry.DefaultCardinalityLimit = 3;
        UsageOptions options = PricedOptions(new UsageBudget { Name = "target", Model = "target", LimitTokens = 100, Enforce = true });
        var budgets = new UsageBudgets(options, timeProvider: _time);
        await using var collector = new InstrumentationCollector(_registry, [budgets], new CollectorOptions { Interval = TimeSpan.FromHours(1) }, _time);
        var inner = new LocalChatClient("openai", "gpt-4o", outputTokens: 0);
        using IChatClient client = new InstrumentingChatClient(inner, _registry, options, budgets: budgets);

        // Three model ids fill the probe; "target" then lands in the overflow series with the rest.
        foreach (string model in new[] { "a", "b", "c", "target" })
        {
            await client.GetResponseAsync(new string('x', 120), new ChatOptions { ModelId = model });
        }

        await collector.FlushAsync();
        await Assert.ThrowsAsync<UsageBudgetExceededException>(() => client.GetResponseAsync("more", new ChatOptions { ModelId = "target" }));
    }

    private static UsageOptions PricedOptions(UsageBudget budget)
    {
        var options = new UsageOptions();
        options.Prices["gpt-4o"] = new UsagePrice { InputPerMillion = 1m, OutputPerMillion = 0m };
        options.Budgets.Add(budget);
        return options;
    }

    [Fact]
    public async Task Budget_totals_saturate_instead_of_wrapping_so_a_huge_count_still_exhausts_the_budget()
    {
        UsageOptions options = PricedOptions(new UsageBudget { Name = "tokens", LimitTokens = 1_000, Period = BudgetPeriod.Hour, Enforce = true });
        var budgets = new UsageBudgets(options, timeProvider: _time);
        var info = new SeriesInfo("llm", ProbeKind.Usage, [new("model", "m"), new("provider", "p")]);
        var fields = new SeriesFields(SeriesSchema.Usage) { [FieldNames.Calls] = 2, [FieldNames.InputTokens] = long.MaxValue, [FieldNames.OutputTokens] = 10 };
        await budgets.WriteAsync(new MetricsBatch(_time.GetUtcNow(), _time.GetUtcNow(), [new SeriesDelta(info, fields, value: null, durationSumNanoseconds: 0, [])], Guid.CreateVersion7()), default);
        await budgets.WriteAsync(new MetricsBatch(_time.GetUtcNow(), _time.GetUtcNow(), [new SeriesDelta(info, fields, value: null, durationSumNanoseconds: 0, [])], Guid.CreateVersion7()), default);

        Assert.Equal(("exhausted", (decimal)long.MaxValue), (budgets.Budgets[0].State, budgets.Budgets[0].Spent));
        Assert.NotNull(budgets.Exhausted("m", "p"));
    }

    [Fact]
    public async Task Enforcement_uses_the_model_the_client_answers_with_when_neither_request_nor_client_names_one()
    {
        UsageOptions options = PricedOptions(new UsageBudget { Name = "gpt-4o", Model = "gpt-4o", LimitTokens = 150, Enforce = true });
        var budgets = new UsageBudgets(options, timeProvider: _time);
        await using var collector = new InstrumentationCollector(_registry, [budgets], new CollectorOptions { Interval = TimeSpan.FromHours(1) }, _time);
        var inner = new LocalChatClient("openai", defaultModel: null, outputTokens: 0) { AnswerModel = "gpt-4o" };
        using IChatClient client = new InstrumentingChatClient(inner, _registry, options, budgets: budgets);

        for (int call = 0; call < 5; call++)
        {
            try
            {
                await client.GetResponseAsync(new string('x', 100));
            }
            catch (UsageBudgetExceededException)
            {
            }

            await collector.FlushAsync();
        }

        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public void A_second_budget_with_the_same_name_stops_start_up()
    {
        var options = new UsageOptions();
        options.Budgets.Add(new UsageBudget { Name = "daily", LimitTokens = 10 });
        options.Budgets.Add(new UsageBudget { Name = "Daily", LimitTokens = 20 });

        ArgumentException thrown = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("Instrumentation:Usage:Budgets:1:Name ('Daily') is also the name of budget 0", thrown.Message, StringComparison.Ordinal);
    }
}
