namespace Instrumentation.Probes;

/// <summary>Histogram deltas kept as the non-empty buckets only, in bucket order.</summary>
internal static class SparseBuckets
{
    /// <summary>
    /// Adds <paramref name="added"/> to <paramref name="target"/>: in place when every bucket it adds is already
    /// in <paramref name="target"/> (the usual case for a slot that keeps receiving the same durations), else
    /// into a new merged array.
    /// </summary>
    public static void AddInto(ref BucketCount[] target, IReadOnlyList<BucketCount> added)
    {
        if (added.Count == 0)
        {
            return;
        }

        int at = 0;
        foreach (BucketCount bucket in added)
        {
            while (at < target.Length && target[at].Index < bucket.Index)
            {
                at++;
            }

            if (at == target.Length || target[at].Index != bucket.Index)
            {
                target = Merge(target, added);
                return;
            }
        }

        at = 0;
        foreach (BucketCount bucket in added)
        {
            while (target[at].Index < bucket.Index)
            {
                at++;
            }

            target[at] = new BucketCount(bucket.Index, target[at].Count + bucket.Count);
        }
    }

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
