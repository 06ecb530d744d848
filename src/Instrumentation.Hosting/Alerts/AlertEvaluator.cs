using System.Text.Json;
using Instrumentation.Collection;
using Instrumentation.Fleet;
using Instrumentation.History;
using Instrumentation.Probes;
using Instrumentation.Snapshots;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Instrumentation.Alerts;

/// <summary>
/// Evaluates the alert rules after each collection (it is a sink that gets every collection, and an empty one when a
/// collection had nothing): local rules on this process's windows, fleet rules on every instance's, by the one
/// instance holding the fleet's alerting lease, which shares the states with the others. A rule that starts firing or
/// resolves is logged once and told to every <see cref="IAlertHandler"/>. A source that cannot be read is logged once
/// until it answers; its rules keep their state meanwhile. Nothing is thrown into the collector.
/// </summary>
internal sealed partial class AlertEvaluator : IInstrumentationSink, IAlertSource
{
    /// <summary>The shortest fleet lease; it is also at least three collections.</summary>
    public static readonly TimeSpan ShortestLease = TimeSpan.FromSeconds(15);

    private readonly SemaphoreSlim _evaluating = new(1, 1);
    private readonly CompiledRule[] _rules;
    private readonly AlertState[] _states;
    private readonly IReadOnlyList<IAlertHandler> _handlers;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lazy<(ISnapshotSource? Local, ISnapshotSource? Fleet)> _sources;
    private readonly IHistoryQueries? _history;
    private readonly IFleetAlertCoordinator? _fleet;
    private readonly TimeSpan _lease;
    private readonly string _instance;
    private readonly HashSet<string> _unreadable = new(StringComparer.Ordinal);
    private readonly HashSet<string> _warnedField = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTimeOffset Minute, IReadOnlyList<double> Values)> _baselines = new(StringComparer.Ordinal);
    private bool _leading;
    private IReadOnlyList<AlertSnapshot> _shown;

    /// <param name="rules">The rules, validated (a bad one throws, naming it).</param>
    /// <param name="interval">The collection interval: evaluations come at least this often.</param>
    /// <param name="handlers">Told of every rule that starts firing or resolves.</param>
    /// <param name="timeProvider">The clock rules are evaluated on.</param>
    /// <param name="logger">Where transitions and unreadable sources are logged.</param>
    /// <param name="sources">The snapshot sources (local, fleet), enumerated at first use: the local one needs the collector this sink belongs to.</param>
    /// <param name="history">Trend baselines; required by trend rules.</param>
    /// <param name="fleet">The fleet's lease and shared states; required by fleet rules.</param>
    public AlertEvaluator(
        IList<AlertRule> rules,
        TimeSpan interval,
        IEnumerable<IAlertHandler>? handlers = null,
        TimeProvider? timeProvider = null,
        ILogger? logger = null,
        IEnumerable<ISnapshotSource>? sources = null,
        IHistoryQueries? history = null,
        IFleetAlertCoordinator? fleet = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var failures = new List<string>();
        _rules = [.. CompiledRule.CompileAll(rules, failures)];
        failures.AddRange(MissingParts(_rules, history is not null, fleet is not null));
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, failures), nameof(rules));
        }

        _states = [.. _rules.Select(_ => new AlertState())];
        _shown = Show();
        _handlers = [.. handlers ?? []];
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _history = history;
        _fleet = fleet;
        _lease = interval * 3 > ShortestLease ? interval * 3 : ShortestLease;
        _instance = fleet?.Instance ?? $"{Environment.MachineName}-{Environment.ProcessId}";
        Policy = new SinkPolicy { Heartbeat = _rules.Length == 0 ? TimeSpan.Zero : interval };
        _sources = new(() =>
        {
            ISnapshotSource[] all = [.. sources ?? []];
            return (all.FirstOrDefault(s => s.Scope == SnapshotScope.Local), all.FirstOrDefault(s => s.Scope == SnapshotScope.Fleet));
        });
    }

    /// <inheritdoc />
    public string Name => "alerts";

    /// <summary>Every collection, and an empty one at least every collection interval, so windows emptying out are seen.</summary>
    public SinkPolicy Policy { get; }

    /// <summary>Whether this instance holds the fleet's alerting lease (as of its last evaluation).</summary>
    internal bool Leading => _leading;

    /// <summary>Every rule as of its last evaluation, in configuration order: one list per evaluation, shared by every snapshot.</summary>
    public IReadOnlyList<AlertSnapshot> Alerts => Volatile.Read(ref _shown);

    /// <summary>The parts a set of rules needs and lacks: history for trends, a fleet coordinator for fleet rules.</summary>
    public static IEnumerable<string> MissingParts(IEnumerable<CompiledRule> rules, bool hasHistory, bool hasFleet)
    {
        foreach (CompiledRule rule in rules)
        {
            if (rule.Trend is not null && !hasHistory)
            {
                yield return $"{AlertOptions.SectionName} ('{rule.Name}'): Trend needs a baseline from history, and no history is configured; add the SQLite sink (.AddSqlite()) or use a Threshold.";
            }

            if (rule.Fleet && !hasFleet)
            {
                yield return $"{AlertOptions.SectionName} ('{rule.Name}'): Scope is fleet, and no fleet store is configured; add the Redis sink (.AddRedis()) or use Scope local.";
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(MetricsBatch batch, CancellationToken cancellationToken) => await EvaluateAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Evaluates every rule now, then logs and notifies each transition.</summary>
    public async Task EvaluateAsync(CancellationToken cancellationToken = default)
    {
        if (_rules.Length == 0)
        {
            return;
        }

        // One evaluation at a time (the sink's writes never overlap, but a direct call may meet one): the states are only
        // touched inside one, and readers get the list each evaluation publishes.
        await _evaluating.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            DateTimeOffset now = _time.GetUtcNow();
            var notifications = new List<AlertNotification>();
            if (_sources.Value.Local is { } local && _rules.Any(r => !r.Fleet))
            {
                await EvaluateAsync(local, fleet: false, now, notifications, cancellationToken).ConfigureAwait(false);
            }

            if (_fleet is not null && _sources.Value.Fleet is { } fleetSource && _rules.Any(r => r.Fleet))
            {
                await EvaluateFleetAsync(_fleet, fleetSource, now, notifications, cancellationToken).ConfigureAwait(false);
            }

            Volatile.Write(ref _shown, Show());

            foreach (AlertNotification notification in notifications)
            {
                await NotifyAsync(notification, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _evaluating.Release();
        }
    }

    /// <summary>
    /// After the host's last collection was evaluated (which may have notified): gives the fleet lease up, so another
    /// instance takes over at once, then lets every handler finish what it queued (<see cref="IAlertHandler.FlushAsync"/>).
    /// Never throws: a handler's failure is logged.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await ReleaseAsync(cancellationToken).ConfigureAwait(false);
        foreach (IAlertHandler handler in _handlers)
        {
            try
            {
                await handler.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // One handler's failure must not keep the others from finishing, or stopping from going on.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogFlushFailed(_logger, handler.GetType().Name, exception);
            }
        }
    }

    /// <summary>Gives the fleet lease up, so another instance takes over at once.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        // Past the shutdown timeout the lease is left to expire: stopping never throws for it.
        try
        {
            await _evaluating.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            if (_fleet is not null && _leading)
            {
                _leading = false;
                await Attempt("fleet", () => _fleet.ReleaseAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _evaluating.Release();
        }
    }

    /// <summary>The lease holder evaluates and writes the states; the others read them, to show.</summary>
    private async Task EvaluateFleetAsync(IFleetAlertCoordinator fleet, ISnapshotSource source, DateTimeOffset now, List<AlertNotification> notifications, CancellationToken cancellationToken)
    {
        bool leads = false;
        if (!await Attempt("fleet", async () => leads = await fleet.TryLeadAsync(_lease, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        if (!leads || !_leading)
        {
            // A new holder carries on from the states its predecessor wrote: a rule firing there is not announced again.
            IReadOnlyDictionary<string, string> shared = new Dictionary<string, string>();
            if (!await Attempt("fleet", async () => shared = await fleet.ReadStatesAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            for (int i = 0; i < _rules.Length; i++)
            {
                if (_rules[i].Fleet)
                {
                    _states[i] = shared.TryGetValue(_rules[i].Name, out string? text) ? Read(text) : new AlertState();
                }
            }
        }

        _leading = leads;
        if (!leads)
        {
            return;
        }

        if (await EvaluateAsync(source, fleet: true, now, notifications, cancellationToken).ConfigureAwait(false))
        {
            Dictionary<string, string> states;
            states = _rules.Select((rule, i) => (rule, i)).Where(r => r.rule.Fleet).ToDictionary(r => r.rule.Name, r => JsonSerializer.Serialize(_states[r.i], AlertJsonContext.Default.AlertState), StringComparer.Ordinal);

            await Attempt("fleet", () => fleet.WriteStatesAsync(states, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Evaluates the rules of one scope on <paramref name="source"/>'s windows; false when it could not be read.</summary>
    private async Task<bool> EvaluateAsync(ISnapshotSource source, bool fleet, DateTimeOffset now, List<AlertNotification> notifications, CancellationToken cancellationToken)
    {
        string scope = fleet ? "fleet" : "local";
        // Each window read once, its series by metric: a rule looks only at its own metric's.
        var windows = new Dictionary<SnapshotWindow, ILookup<string, SeriesAggregate>>();
        foreach (SnapshotWindow window in _rules.Where(r => r.Fleet == fleet).Select(r => r.Window).Distinct())
        {
            IReadOnlyList<SeriesAggregate> read = [];
            if (!await Attempt(scope, async () => read = await source.ReadAsync(window.Duration, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            windows[window] = read.ToLookup(a => a.Series.Metric, StringComparer.Ordinal);
        }

        for (int i = 0; i < _rules.Length; i++)
        {
            CompiledRule rule = _rules[i];
            if (rule.Fleet != fleet)
            {
                continue;
            }

            SeriesAggregate[] matching = [.. AlertFields.WithTags(windows[rule.Window][rule.Rule.Metric], rule.Rule)];
            if (matching.Length > 0 && !matching.Any(a => AlertFields.AppliesTo(rule.Rule.Field, a)) && _warnedField.Add(rule.Name))
            {
                LogFieldNotApplicable(_logger, rule.Name, rule.Rule.Field, rule.Rule.Metric, matching[0].Series.Kind.ToName());
            }

            double? value = AlertFields.ValueOf(rule.Rule.Field, matching);
            (double? baseline, double? score) = (null, null);
            if (rule.Trend is { } trend)
            {
                IReadOnlyList<double>? values = await BaselineAsync(rule, trend, now, cancellationToken).ConfigureAwait(false);
                if (values is null)
                {
                    continue;
                }

                (baseline, score) = trend.Score(value, values);
            }

            bool holds = rule.Threshold?.Holds(value) ?? rule.Trend!.Comparison.Holds(score);
            AlertState state = _states[i];
            (state.Value, state.Baseline, state.Score) = (value, baseline, score);
            if (state.Advance(holds, now, rule.For) is { } transition)
            {
                notifications.Add(NotificationOf(rule, state, transition, now));
            }
        }

        return true;
    }

    /// <summary>
    /// The field's value in each of the trend's baseline windows that has data for the rule, newest first: the windows
    /// before the current one, whole minutes (whole hours for a 1h window, from the hour rows). Read once a minute;
    /// null when history cannot be read.
    /// </summary>
    private async Task<IReadOnlyList<double>?> BaselineAsync(CompiledRule rule, Trend trend, DateTimeOffset now, CancellationToken cancellationToken)
    {
        bool hours = rule.Window == SnapshotWindow.OneHour;
        TimeSpan step = hours ? TimeSpan.FromHours(1) : TimeSpan.FromMinutes(1);
        var minute = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        if (_baselines.TryGetValue(rule.Name, out var cached) && cached.Minute == minute)
        {
            return cached.Values;
        }

        // The current window ends at the next whole step, so the baseline ends where it starts.
        var end = new DateTimeOffset(now.Ticks - (now.Ticks % step.Ticks), TimeSpan.Zero) + step - rule.Window.Duration;
        var values = new List<double>(trend.Windows);
        for (int i = 0; i < trend.Windows; i++)
        {
            var range = new HistoryRange(end - rule.Window.Duration * (i + 1), end - rule.Window.Duration * i, hours ? Granularity.Hour : Granularity.Minute);
            IReadOnlyList<SeriesAggregate> series = [];
            if (!HistoryRange.Covers(range.From)
                || !await Attempt("history", async () => series = await _history!.SeriesAsync(rule.Rule.Metric, range, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            SeriesAggregate[] matching = [.. AlertFields.WithTags(series, rule.Rule)];
            if (matching.Length > 0 && AlertFields.ValueOf(rule.Rule.Field, matching) is { } value)
            {
                values.Add(value);
            }
        }

        _baselines[rule.Name] = (minute, values);
        return values;
    }

    private async Task NotifyAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        if (notification.State == "firing")
        {
            LogFiring(_logger, notification.Rule, notification.Field, notification.Metric, notification.Window, Shown(notification.Value), notification.Condition, notification.Scope);
        }
        else
        {
            LogResolved(_logger, notification.Rule, notification.Field, notification.Metric, notification.Window, Shown(notification.Value), notification.Condition, notification.FiringSince);
        }

        foreach (IAlertHandler handler in _handlers)
        {
            try
            {
                await handler.OnAlertAsync(notification, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A handler's failure must not stop the others or the evaluation.
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                LogHandlerFailed(_logger, handler.GetType().Name, notification.Rule, exception);
            }
        }
    }

    /// <summary>Runs one read or write of <paramref name="source"/>; a failure is logged once until it succeeds again, and returns false.</summary>
    private async Task<bool> Attempt(string source, Func<Task> action, CancellationToken cancellationToken)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // An unreadable source must not stop the other rules or the collector.
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            if (_unreadable.Add(source))
            {
                LogSourceFailed(_logger, source, exception);
            }

            return false;
        }

        if (_unreadable.Remove(source))
        {
            LogSourceRecovered(_logger, source);
        }

        return true;
    }

    private AlertNotification NotificationOf(CompiledRule rule, AlertState state, string transition, DateTimeOffset now)
    {
        DateTimeOffset firingSince = state.LastFiringSince ?? now;
        return new AlertNotification(
            $"{rule.Name}/{firingSince.ToUnixTimeMilliseconds()}/{transition}",
            rule.Name,
            transition,
            rule.Fleet ? "fleet" : "local",
            _instance,
            rule.Rule.Metric,
            rule.Rule.Tags.AsReadOnly(),
            rule.Rule.Field,
            rule.Window.Name,
            rule.Condition,
            state.Value,
            state.Baseline,
            state.Score,
            firingSince,
            now);
    }

    private AlertSnapshot[] Show() => [.. _rules.Select((rule, i) => SnapshotOf(rule, _states[i]))];

    private static AlertSnapshot SnapshotOf(CompiledRule rule, AlertState state) => new(
        rule.Name,
        rule.Fleet ? "fleet" : "local",
        rule.Rule.Metric,
        rule.Rule.Tags.AsReadOnly(),
        rule.Rule.Field,
        rule.Window.Name,
        rule.Condition,
        state.Name,
        state.Value,
        state.Baseline,
        state.Score,
        state.ActiveSince,
        state.FiringSince,
        state.ResolvedAt,
        state.EvaluatedAt);

    private static AlertState Read(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, AlertJsonContext.Default.AlertState) ?? new AlertState();
        }
        catch (JsonException)
        {
            return new AlertState();
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Alert '{Rule}' is firing: {Field} of {Metric} over {Window} is {Value} ({Condition}), evaluated on {Scope} windows.")]
    private static partial void LogFiring(ILogger logger, string rule, string field, string metric, string window, string value, string condition, string scope);

    [LoggerMessage(2, LogLevel.Information, "Alert '{Rule}' resolved: {Field} of {Metric} over {Window} is {Value}, no longer {Condition}; it fired from {FiringSince:O}.")]
    private static partial void LogResolved(ILogger logger, string rule, string field, string metric, string window, string value, string condition, DateTimeOffset firingSince);

    [LoggerMessage(7, LogLevel.Error, "The alert handler {Handler} failed to finish what it queued as the host stopped.")]
    private static partial void LogFlushFailed(ILogger logger, string handler, Exception exception);

    [LoggerMessage(6, LogLevel.Warning, "Alert '{Rule}' can never hold: {Metric} is of kind {Kind}, which has no {Field}. Choose a field of its kind (see docs/alerts.md).")]
    private static partial void LogFieldNotApplicable(ILogger logger, string rule, string field, string metric, string kind);

    /// <summary>A value as logs show it: invariant, or "none" when the window had none.</summary>
    private static string Shown(double? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";

    [LoggerMessage(3, LogLevel.Error, "The alert handler {Handler} failed for rule '{Rule}'; the other handlers were still called.")]
    private static partial void LogHandlerFailed(ILogger logger, string handler, string rule, Exception exception);

    [LoggerMessage(4, LogLevel.Warning, "Alert rules could not read the {Source} store; its rules keep their state until it answers.")]
    private static partial void LogSourceFailed(ILogger logger, string source, Exception exception);

    [LoggerMessage(5, LogLevel.Information, "Alert rules read the {Source} store again.")]
    private static partial void LogSourceRecovered(ILogger logger, string source);
}
