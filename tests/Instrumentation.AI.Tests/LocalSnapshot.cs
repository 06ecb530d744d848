using Instrumentation.Collection;
using Instrumentation.Probes;
using Instrumentation.Snapshots;
using Microsoft.Extensions.Time.Testing;

namespace Instrumentation.AI.Tests;

/// <summary>The 1-minute local snapshot of what a registry recorded: one collection a second later, read back.</summary>
internal static class LocalSnapshot
{
    public static async Task<InstrumentationSnapshot> TakeAsync(ProbeRegistry registry, FakeTimeProvider time)
    {
        await using var collector = new InstrumentationCollector(registry, timeProvider: time);
        time.Advance(TimeSpan.FromSeconds(1));
        collector.Collect();
        return await new SnapshotService([new LocalSnapshotSource(collector.Windows)], time).GetSnapshotAsync(SnapshotWindow.OneMinute);
    }
}
