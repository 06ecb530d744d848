using Instrumentation.Probes;

namespace Instrumentation.Tests;

/// <summary>
/// Creating a series, or a probe, costs the same whether it is the first or the hundred-thousandth: the
/// lists readers see grow by doubling, not by a copy per item. Allocated bytes are exact, so this is
/// measured in bytes, not in time.
/// </summary>
public sealed class SeriesCreationTests
{
    [Fact]
    public void Creating_series_allocates_the_same_per_series_at_20000_as_at_1000()
    {
        double small = BytesPerSeries(1_000);
        double large = BytesPerSeries(20_000);

        // A copy of the whole list per new series would add 8 bytes per existing series: about 80 KB per
        // series at 20,000, against about 4 KB at 1,000.
        Assert.True(large < small * 1.5, $"{large:F0} B per series at 20,000 against {small:F0} B at 1,000");
    }

    [Fact]
    public void One_hundred_thousand_series_are_created_and_each_counts_its_own_record()
    {
        var registry = new ProbeRegistry();
        EndpointProbe probe = registry.GetOrAddEndpoint("created.many", [TagDefinition.Number("user")], cardinalityLimit: 100_000);
        for (long user = 0; user < 100_000; user++)
        {
            var key = new SeriesKey(0);
            key.Add(user);
            probe.GetSeries(in key).Record(1_000 + user, failed: false);
        }

        Assert.Equal(100_000, probe.Series.Count);
        Assert.Equal(100_000, registry.SeriesCount);
        Assert.All(probe.Series, s => Assert.Equal(1, s.ReadCounter(EndpointFields.Calls)));
    }

    [Fact]
    public void Every_created_series_is_listed_once_in_creation_order()
    {
        var registry = new ProbeRegistry();
        EventProbe probe = registry.GetOrAddEvent("created.order", [TagDefinition.Number("n")], cardinalityLimit: 5_000);

        for (long n = 0; n < 5_000; n++)
        {
            var key = new SeriesKey(0);
            key.Add(n);
            probe.GetSeries(in key).Increment();
        }

        IReadOnlyList<Series> series = probe.Series;
        Assert.Equal(5_000, series.Count);
        Assert.Equal(Enumerable.Range(0, 5_000).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), series.Select(s => s.Info.Tags[0].Value));
    }

    [Fact]
    public void Registering_probes_allocates_the_same_per_probe_at_5000_as_at_500()
    {
        double small = BytesPerProbe(500);
        double large = BytesPerProbe(5_000);

        Assert.True(large < small * 1.5, $"{large:F0} B per probe at 5,000 against {small:F0} B at 500");
    }

    [Fact]
    public void Recording_new_values_past_the_limit_never_waits_for_the_creation_lock()
    {
        var registry = new ProbeRegistry();
        EventProbe probe = registry.GetOrAddEvent("created.overflow", [TagDefinition.Text("user")], cardinalityLimit: 2);
        Record(probe, "a");
        Record(probe, "b");
        Record(probe, "first past the limit");

        var pastTheLimit = new Thread(() =>
        {
            for (int i = 0; i < 1_000; i++)
            {
                Record(probe, "user-" + i);
            }
        });
        bool finished;
        using (probe.CreationGate.EnterScope())
        {
            // Held while the other thread records: one that took the lock could not finish until the scope ends.
            pastTheLimit.Start();
            finished = pastTheLimit.Join(TimeSpan.FromSeconds(30));
        }

        pastTheLimit.Join();
        Assert.True(finished, "recording past the limit waited for the creation lock");

        Series overflow = Assert.Single(probe.Series, s => s.Info.Tags[0].Value == SeriesInfo.OverflowValue);
        Assert.Equal(1_001, overflow.ReadCounter(EventFields.Occurrences));
        Assert.Equal(3, probe.Series.Count);
    }

    private static void Record(EventProbe probe, string user)
    {
        var key = new SeriesKey(0);
        key.Add(user);
        probe.GetSeries(in key).Increment();
    }

    private static double BytesPerSeries(int count)
    {
        var registry = new ProbeRegistry();
        EventProbe probe = registry.GetOrAddEvent("created." + count, [TagDefinition.Number("n")], cardinalityLimit: count);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (long n = 0; n < count; n++)
        {
            var key = new SeriesKey(0);
            key.Add(n);
            probe.GetSeries(in key);
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)count;
    }

    private static double BytesPerProbe(int count)
    {
        var registry = new ProbeRegistry();
        string[] names = [.. Enumerable.Range(0, count).Select(i => "probe." + i)];
        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (string name in names)
        {
            registry.GetOrAddCache(name);
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)count;
    }
}
