using System.Buffers.Binary;
using Instrumentation.Probes;

namespace Instrumentation.Sinks.Sqlite;

/// <summary>
/// Histogram buckets as stored in a row: the non-empty buckets only, each as a 2-byte index and an
/// 8-byte count (little-endian), in bucket order. Two blobs add bucket by bucket.
/// </summary>
internal static class BucketBlob
{
    private const int EntrySize = 10;

    public static byte[]? Encode(IReadOnlyList<BucketCount> buckets)
    {
        if (buckets.Count == 0)
        {
            return null;
        }

        var blob = new byte[buckets.Count * EntrySize];
        for (int i = 0; i < buckets.Count; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(blob.AsSpan(i * EntrySize), (ushort)buckets[i].Index);
            BinaryPrimitives.WriteInt64LittleEndian(blob.AsSpan((i * EntrySize) + 2), buckets[i].Count);
        }

        return blob;
    }

    public static BucketCount[] Decode(byte[]? blob)
    {
        if (blob is null || blob.Length < EntrySize)
        {
            return [];
        }

        var buckets = new BucketCount[blob.Length / EntrySize];
        for (int i = 0; i < buckets.Length; i++)
        {
            buckets[i] = new BucketCount(
                BinaryPrimitives.ReadUInt16LittleEndian(blob.AsSpan(i * EntrySize)),
                BinaryPrimitives.ReadInt64LittleEndian(blob.AsSpan((i * EntrySize) + 2)));
        }

        return buckets;
    }

    /// <summary>The sum of two blobs; the SQL function <c>merge_buckets(a, b)</c> used by upserts.</summary>
    public static byte[]? Merge(byte[]? a, byte[]? b) =>
        a is null ? b : b is null ? a : Encode(Add(Decode(a), Decode(b)));

    public static BucketCount[] Add(IReadOnlyList<BucketCount> a, IReadOnlyList<BucketCount> b)
    {
        var sum = new SortedDictionary<int, long>();
        foreach (BucketCount bucket in a.Concat(b))
        {
            sum[bucket.Index] = sum.GetValueOrDefault(bucket.Index) + bucket.Count;
        }

        return [.. sum.Select(p => new BucketCount(p.Key, p.Value))];
    }
}
