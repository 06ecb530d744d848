using Instrumentation.Fleet;
using StackExchange.Redis;

namespace Instrumentation.Sinks.Redis;

/// <summary>
/// The fleet's alerting lease and the fleet rules' shared states, in the Redis the sink writes to: the lease is a key
/// holding the holder's instance id with an expiry (taken when absent, renewed only by its holder, atomically in one
/// script); the states are one hash by rule name, kept a week past the last write.
/// </summary>
public sealed class RedisAlertCoordinator : IFleetAlertCoordinator
{
    private const string LeadScript = """
        local holder = redis.call('GET', KEYS[1])
        if holder == ARGV[1] then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return 1
        elseif not holder then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          return 1
        end
        return 0
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    private static readonly TimeSpan StatesKept = TimeSpan.FromDays(7);

    private readonly RedisMetricsSink _sink;

    /// <summary>Coordinates through the Redis <paramref name="sink"/> writes to, as its instance.</summary>
    public RedisAlertCoordinator(RedisMetricsSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _sink = sink;
    }

    /// <inheritdoc />
    public string Instance => _sink.Options.InstanceId;

    /// <inheritdoc />
    public async Task<bool> TryLeadAsync(TimeSpan lease, CancellationToken cancellationToken = default)
    {
        IDatabase database = await _sink.DatabaseAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        RedisResult held = await database.ScriptEvaluateAsync(LeadScript, [_sink.Layout.AlertLeaseKey], [Instance, (long)lease.TotalMilliseconds]).ConfigureAwait(false);
        return (long)held == 1;
    }

    /// <inheritdoc />
    public async Task ReleaseAsync(CancellationToken cancellationToken = default)
    {
        IDatabase database = await _sink.DatabaseAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        await database.ScriptEvaluateAsync(ReleaseScript, [_sink.Layout.AlertLeaseKey], [Instance]).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> ReadStatesAsync(CancellationToken cancellationToken = default)
    {
        IDatabase database = await _sink.DatabaseAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        HashEntry[] entries = await database.HashGetAllAsync(_sink.Layout.AlertStatesKey).ConfigureAwait(false);
        return entries.ToDictionary(e => (string)e.Name!, e => (string)e.Value!, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public async Task WriteStatesAsync(IReadOnlyDictionary<string, string> states, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(states);
        IDatabase database = await _sink.DatabaseAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        ITransaction replace = database.CreateTransaction();
        _ = replace.KeyDeleteAsync(_sink.Layout.AlertStatesKey);
        if (states.Count > 0)
        {
            _ = replace.HashSetAsync(_sink.Layout.AlertStatesKey, [.. states.Select(s => new HashEntry(s.Key, s.Value))]);
            _ = replace.KeyExpireAsync(_sink.Layout.AlertStatesKey, StatesKept);
        }

        await replace.ExecuteAsync().ConfigureAwait(false);
    }
}
