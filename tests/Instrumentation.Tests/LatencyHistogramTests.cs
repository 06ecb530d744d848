using Instrumentation.Probes;

namespace Instrumentation.Tests;

public sealed class LatencyHistogramTests
{
    /// <summary>Half a bucket: buckets are at most 12.5 % as wide as their lower bound.</summary>
    private const double StatedRelativeError = 0.0625;

    private static readonly double[] s_quantiles = [0.5, 0.9, 0.95, 0.99, 0.999];

    [Fact]
    public void Every_value_lands_in_a_bucket_that_holds_it_and_is_at_most_an_eighth_wide()
    {
        var random = new Random(7);
        IEnumerable<long> values = Enumerable.Range(0, 2_000).Select(i => (long)i)
            .Concat(Enumerable.Range(0, 38).Select(bit => 1L << bit))
            .Concat(Enumerable.Range(0, 20_000).Select(_ => random.NextInt64(0, LatencyBuckets.MaxTrackedNanoseconds)));

        foreach (long value in values)
        {
            int index = LatencyBuckets.IndexOf(value);
            long lower = LatencyBuckets.LowerBound(index);
            long width = LatencyBuckets.Width(index);
            Assert.InRange(value, lower, lower + width - 1);
            Assert.True(width == 1 || width * 8 <= lower, $"bucket {index} [{lower}, +{width}) is wider than 12.5 %");
        }
    }

    [Fact]
    public void Buckets_are_contiguous_and_the_last_takes_everything_longer()
    {
        for (int i = 1; i < LatencyBuckets.Count; i++)
        {
            Assert.Equal(LatencyBuckets.LowerBound(i - 1) + LatencyBuckets.Width(i - 1), LatencyBuckets.LowerBound(i));
        }

        Assert.Equal(LatencyBuckets.Count - 1, LatencyBuckets.IndexOf(LatencyBuckets.MaxTrackedNanoseconds));
        Assert.Equal(LatencyBuckets.Count - 1, LatencyBuckets.IndexOf(long.MaxValue));
        Assert.Equal(0, LatencyBuckets.IndexOf(-5));
    }

    public static TheoryData<string> Distributions => ["uniform", "exponential", "log-normal", "bimodal", "constant"];

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Percentiles_are_within_the_stated_error(string distribution)
    {
        long[] values = Sample(distribution, count: 100_000);
        var histogram = new LatencyHistogram();
        foreach (long value in values)
        {
            histogram.Add(LatencyBuckets.IndexOf(value), 1);
        }

        Array.Sort(values);
        foreach (double q in s_quantiles)
        {
            long exact = values[(int)Math.Ceiling(q * values.Length) - 1];
            double estimate = histogram.Percentile(q)!.Value;
            double relativeError = Math.Abs(estimate - exact) / exact;
            Assert.True(relativeError <= StatedRelativeError, $"{distribution} p{q * 100}: exact {exact}, estimate {estimate}, error {relativeError:P2}");
        }
    }

    [Fact]
    public void An_empty_histogram_has_no_percentile()
    {
        Assert.Null(new LatencyHistogram().Percentile(0.99));
    }

    [Fact]
    public void A_quantile_outside_zero_to_one_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyHistogram().Percentile(99));
        Assert.Contains("0.99 for p99", error.Message, StringComparison.Ordinal);
    }

    private static long[] Sample(string distribution, int count)
    {
        var random = new Random(42);
        return [.. Enumerable.Range(0, count).Select(_ => distribution switch
        {
            "uniform" => random.NextInt64(1_000, 10_000_000),
            "exponential" => 1 + (long)(-Math.Log(1 - random.NextDouble()) * 2_000_000),
            "log-normal" => 1 + (long)Math.Exp(13 + (1.5 * Gaussian(random))),
            "bimodal" => random.NextDouble() < 0.9 ? random.NextInt64(200_000, 400_000) : random.NextInt64(50_000_000, 80_000_000),
            _ => 12_345_678,
        })];
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
