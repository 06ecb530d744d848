namespace Instrumentation.Probes;

/// <summary>Histogram deltas kept as the non-empty buckets only, in bucket order.</summary>
internal static class SparseBuckets
{
    /// <summary>Adds two sparse lists bucket by bucket.</summary>
    public static BucketCount[] Merge(IReadOnlyList<BucketCount> a, IReadOnlyList<BucketCount> b)
    {
        if (a.Count == 0)
        {
            return [.. b];
        }

        if (b.Count == 0)
        {
            return [.. a];
        }

        var merged = new List<BucketCount>(a.Count + b.Count);
        int i = 0, j = 0;
        while (i < a.Count || j < b.Count)
        {
            if (j == b.Count || (i < a.Count && a[i].Index < b[j].Index))
            {
                merged.Add(a[i++]);
            }
            else if (i == a.Count || b[j].Index < a[i].Index)
            {
                merged.Add(b[j++]);
            }
            else
            {
                merged.Add(new BucketCount(a[i].Index, a[i++].Count + b[j++].Count));
            }
        }

        return [.. merged];
    }
}
