using Instrumentation.Probes;

namespace Instrumentation.Sinks.Sqlite.Tests;

/// <summary>Stored histogram blobs add exactly, whichever way they are combined.</summary>
public sealed class BucketBlobTests
{
    [Fact]
    public void Merging_two_blobs_and_summing_into_dense_counts_both_equal_the_plain_sum()
    {
        var random = new Random(13);
        for (int round = 0; round < 200; round++)
        {
            BucketCount[] a = Sparse(random);
            BucketCount[] b = Sparse(random);
            var expected = new SortedDictionary<int, long>();
            foreach (BucketCount bucket in a.Concat(b))
            {
                expected[bucket.Index] = expected.GetValueOrDefault(bucket.Index) + bucket.Count;
            }

            BucketCount[] merged = BucketBlob.Decode(BucketBlob.Merge(BucketBlob.Encode(a), BucketBlob.Encode(b)));
            BucketCount[] dense = BucketBlob.Decode(BucketBlob.FromDense(BucketBlob.AddInto(BucketBlob.AddInto(null, BucketBlob.Encode(a)), BucketBlob.Encode(b))));

            Assert.Equal(expected.Select(e => new BucketCount(e.Key, e.Value)), merged);
            Assert.Equal(merged, dense);
        }
    }

    [Fact]
    public void Empty_blobs_merge_to_the_other_side()
    {
        byte[]? one = BucketBlob.Encode([new BucketCount(7, 3)]);

        Assert.Same(one, BucketBlob.Merge(null, one));
        Assert.Same(one, BucketBlob.Merge(one, null));
        Assert.Null(BucketBlob.FromDense(BucketBlob.AddInto(null, null)));
    }

    private static BucketCount[] Sparse(Random random) =>
        [.. Enumerable.Range(0, LatencyBuckets.Count).Where(_ => random.Next(10) == 0).Select(i => new BucketCount(i, random.Next(1, 1000)))];
}
