using System.Collections.Concurrent;
using Instrumentation.Collection;
using Instrumentation.Probes;

namespace Instrumentation.Tests;

/// <summary>A real in-memory sink that adds up what it receives; it can fail or hold writes on demand.</summary>
internal sealed class RecordingSink : IInstrumentationSink
{
    private readonly ConcurrentDictionary<string, long[]> _counters = new();
    private readonly ConcurrentDictionary<string, long> _durations = new();
    private readonly ConcurrentDictionary<string, long?> _values = new();
    private TaskCompletionSource? _hold;
    private readonly TaskCompletionSource _firstWriteStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _failuresLeft;

    public string Name => "recording";

    public SinkPolicy Policy { get; init; } = SinkPolicy.Default;

    public int Writes;

    public int FailedWrites;

    public List<MetricsBatch> Batches { get; } = [];

    /// <summary>Makes the next <paramref name="count"/> writes throw.</summary>
    public void FailNext(int count) => Volatile.Write(ref _failuresLeft, count);

    /// <summary>Every write attempt, failed or not: its delivery id and each series' first field.</summary>
    public List<(Guid DeliveryId, Dictionary<string, long> FirstFields)> Attempts { get; } = [];

    /// <summary>Makes writes wait until <see cref="Release"/>.</summary>
    public void Hold() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _hold?.TrySetResult();

    /// <summary>Completes when the first write has begun.</summary>
    public Task FirstWriteStarted => _firstWriteStarted.Task;

    public long Counter(string seriesKey, int position) => _counters.TryGetValue(seriesKey, out long[]? c) ? c[position] : 0;

    public long DurationSum(string seriesKey) => _durations.GetValueOrDefault(seriesKey);

    public long? Value(string seriesKey) => _values.GetValueOrDefault(seriesKey);

    public async ValueTask WriteAsync(MetricsBatch batch, CancellationToken cancellationToken)
    {
        _firstWriteStarted.TrySetResult();
        if (_hold is { } hold)
        {
            await hold.Task.WaitAsync(cancellationToken);
        }

        lock (Attempts)
        {
            Attempts.Add((batch.DeliveryId, batch.Deltas.ToDictionary(d => d.Series.Key, d => d.Fields.Values.FirstOrDefault())));
        }

        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            Interlocked.Increment(ref FailedWrites);
            throw new IOException("The sink is down.");
        }

        lock (Batches)
        {
            Batches.Add(batch);
        }

        foreach (SeriesDelta delta in batch.Deltas)
        {
            long[] counters = _counters.GetOrAdd(delta.Series.Key, _ => new long[delta.Series.Schema.Fields.Count]);
            lock (counters)
            {
                int i = 0;
                foreach (long added in delta.Fields.Values)
                {
                    counters[i++] += added;
                }
            }

            _durations.AddOrUpdate(delta.Series.Key, delta.DurationSumNanoseconds, (_, d) => d + delta.DurationSumNanoseconds);
            if (delta.Value is not null)
            {
                _values[delta.Series.Key] = delta.Value;
            }
        }

        Interlocked.Increment(ref Writes);
    }
}
