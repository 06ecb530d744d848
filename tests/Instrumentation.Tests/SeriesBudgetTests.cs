using Instrumentation.Collection;
using Instrumentation.Probes;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Tests;

/// <summary>
/// The registry's series budget bounds memory whatever the number of probes: past it, new tag values of
/// every probe fold into that probe's overflow series, and totals stay exact.
/// </summary>
public sealed class SeriesBudgetTests
{
    [Fact]
    public void Ten_thousand_probes_stay_within_the_budget_and_count_every_record()
    {
        var registry = new ProbeRegistry { MaxSeries = 5_000 };
        var probes = new EventProbe[10_000];
        for (int p = 0; p < probes.Length; p++)
        {
            probes[p] = registry.GetOrAddEvent($"tenant.events.p{p}", [TagDefinition.Number("user")]);
        }

        for (int user = 0; user < 3; user++)
        {
            foreach (EventProbe probe in probes)
            {
                var key = new SeriesKey(0);
                key.Add(user);
                probe.GetSeries(in key).Increment();
            }
        }

        IEnumerable<Series> all = registry.Probes.SelectMany(p => p.Series);
        Assert.Equal(5_000, all.Count(s => !s.Info.IsOverflow));
        Assert.Equal(30_000, all.Sum(s => s.ReadCounter(EventFields.Occurrences)));
        Assert.Equal(5_000, registry.SeriesCount);

        // Every probe still has at most its own overflow series beyond the budget.
        Assert.All(probes, p => Assert.True(p.Series.Count(s => s.Info.IsOverflow) <= 1));
    }

    [Fact]
    public void A_value_seen_before_the_budget_ran_out_keeps_its_own_series()
    {
        var registry = new ProbeRegistry { MaxSeries = 2 };
        EventProbe probe = registry.GetOrAddEvent("orders", [TagDefinition.Text("client")]);
        EventSeries web = Get(probe, "web");
        EventSeries ios = Get(probe, "ios");

        Assert.True(Get(probe, "android").Info.IsOverflow);
        Assert.Same(web, Get(probe, "web"));
        Assert.Same(ios, Get(probe, "ios"));
    }

    [Fact]
    public void Reaching_the_budget_is_logged_once_naming_the_setting()
    {
        var registry = new ProbeRegistry { MaxSeries = 1 };
        EventProbe probe = registry.GetOrAddEvent("searches", [TagDefinition.Text("term")]);
        var logger = new ListLogger();
        var collector = new InstrumentationCollector(registry, logger: logger);
        Get(probe, "a").Increment();
        collector.Collect();
        Assert.DoesNotContain(logger.Entries, e => e.Message.Contains("MaxSeries", StringComparison.Ordinal));

        Get(probe, "b").Increment();
        Get(probe, "c").Increment();
        collector.Collect();
        collector.Collect();

        (LogLevel level, string message) = Assert.Single(logger.Entries, e => e.Message.Contains("MaxSeries", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains("1", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_registration_records_without_spending_the_budget_of_the_probes_that_are_collected()
    {
        var registry = new ProbeRegistry { MaxSeries = 3 };
        EventProbe kept = registry.GetOrAddEvent("clicks", [TagDefinition.Text("button")]);
        EndpointProbe refused = registry.GetOrAddEndpoint("clicks", [TagDefinition.Text("page")]);
        for (int page = 0; page < 10; page++)
        {
            var key = new SeriesKey(0);
            key.Add($"/page/{page}");
            refused.GetSeries(in key).Record(1_000, failed: false);
        }

        Assert.Single(registry.Conflicts);
        Assert.Equal(0, registry.SeriesCount);
        Assert.False(Get(kept, "buy").Info.IsOverflow);
    }

    [Fact]
    public void The_budget_is_at_least_one()
    {
        var registry = new ProbeRegistry();
        Assert.Equal(100_000, registry.MaxSeries);
        Assert.Throws<ArgumentOutOfRangeException>(() => registry.MaxSeries = 0);
    }

    private static EventSeries Get(EventProbe probe, string value)
    {
        var key = new SeriesKey(0);
        key.Add(value);
        return probe.GetSeries(in key);
    }
}
