using System.Collections.Concurrent;
using Instrumentation.Collection;

namespace Instrumentation.EndToEnd.Tests;

/// <summary>A real in-memory sink that adds up counters, durations and the latest values per series.</summary>
internal sealed class SumSink : IInstrumentationSink
{
    private readonly ConcurrentDictionary<string, long[]> _counters = new();
    private readonly ConcurrentDictionary<string, long> _durations = new();
    private readonly ConcurrentDictionary<string, long> _values = new();

    public string Name => "sum";

    /// <summary>Forgets everything received so far (after a baseline flush of the shared registry).</summary>
    public void Clear()
    {
        _counters.Clear();
        _durations.Clear();
        _values.Clear();
    }

    public long Counter(string key, int position) => _counters.TryGetValue(key, out long[]? c) ? c[position] : 0;

    public long Sum(string key) => _counters.TryGetValue(key, out long[]? c) ? c.Sum() : 0;

    public long DurationSum(string key) => _durations.GetValueOrDefault(key);

    public long? Value(string key) => _values.TryGetValue(key, out long v) ? v : null;

    public ValueTask WriteAsync(MetricsBatch batch, CancellationToken cancellationToken)
    {
        foreach (SeriesDelta delta in batch.Deltas)
        {
            long[] counters = _counters.GetOrAdd(delta.Series.Key, _ => new long[Math.Max(1, delta.Fields.Count)]);
            int i = 0;
            foreach (long added in delta.Fields.Values)
            {
                counters[i++] += added;
            }

            _durations.AddOrUpdate(delta.Series.Key, delta.DurationSumNanoseconds, (_, d) => d + delta.DurationSumNanoseconds);
            if (delta.Value is long value)
            {
                _values[delta.Series.Key] = value;
            }
        }

        return ValueTask.CompletedTask;
    }
}
