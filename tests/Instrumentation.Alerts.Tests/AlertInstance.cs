using Instrumentation.Collection;
using Instrumentation.Fleet;
using Instrumentation.History;
using Instrumentation.Probes;
using Instrumentation.Snapshots;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Alerts.Tests;

/// <summary>
/// One process: an endpoint probe <c>orders.checkout</c> tagged by region, a collector whose sinks are the given ones and the
/// alert rules, evaluated on its local windows (and the given fleet source and history).
/// </summary>
internal sealed class AlertInstance : IAsyncDisposable
{
    private readonly EndpointProbe _probe;

    public AlertInstance(
        TimeProvider time,
        IEnumerable<AlertRule> rules,
        IEnumerable<IAlertHandler>? handlers = null,
        ILogger? logger = null,
        IEnumerable<IInstrumentationSink>? sinks = null,
        ISnapshotSource? fleetSource = null,
        IHistoryQueries? history = null,
        IFleetAlertCoordinator? fleet = null)
    {
        var registry = new ProbeRegistry();
        _probe = registry.GetOrAddEndpoint("orders.checkout", [TagDefinition.Text("region")]);
        InstrumentationCollector? collector = null;
        ISnapshotSource[] sources = [new DeferredLocalSource(() => collector!.Windows), .. fleetSource is null ? Array.Empty<ISnapshotSource>() : [fleetSource]];
        // A day between heartbeats: the tests say when rules are evaluated (the sink still is, after each collection with deltas).
        Alerts = new AlertEvaluator([.. rules], TimeSpan.FromDays(1), handlers, time, logger, sources, history, fleet);
        Collector = collector = new InstrumentationCollector(registry, [.. sinks ?? [], Alerts], new CollectorOptions { Interval = TimeSpan.FromHours(1) }, time);
        Snapshots = new SnapshotService(sources, time, alerts: Alerts);
    }

    public AlertEvaluator Alerts { get; }

    public InstrumentationCollector Collector { get; }

    public SnapshotService Snapshots { get; }

    public AlertSnapshot State(string rule) => Assert.Single(Alerts.Alerts, a => a.Name == rule);

    /// <summary>Records <paramref name="calls"/> calls of <paramref name="milliseconds"/> each, the first <paramref name="failures"/> failed.</summary>
    public void Record(int calls, int failures = 0, double milliseconds = 10, string region = "eu")
    {
        var key = new SeriesKey(0);
        key.Add(region);
        EndpointSeries series = _probe.GetSeries(in key);
        for (int i = 0; i < calls; i++)
        {
            series.Record((long)(milliseconds * 1_000_000), failed: i < failures);
        }
    }

    /// <summary>Collects (each sink gets the deltas, the alert rules among them), then evaluates the rules once more, as a quiet collection would.</summary>
    public async Task CollectAsync()
    {
        await Collector.FlushAsync();
        await Alerts.EvaluateAsync();
    }

    public async ValueTask DisposeAsync() => await Collector.DisposeAsync();

    /// <summary>The local source of a collector made after the sources are handed over, as the container defers it.</summary>
    private sealed class DeferredLocalSource(Func<Instrumentation.Windows.LocalWindowStore> windows) : ISnapshotSource
    {
        public SnapshotScope Scope => SnapshotScope.Local;

        public ValueTask<IReadOnlyList<SeriesAggregate>> ReadAsync(TimeSpan window, CancellationToken cancellationToken) =>
            new LocalSnapshotSource(windows()).ReadAsync(window, cancellationToken);
    }
}
