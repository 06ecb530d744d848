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

    /// <summary>The sum of two blobs, merged in one pass; the SQL function <c>merge_buckets(a, b)</c> used by upserts.</summary>
    public static byte[]? Merge(byte[]? a, byte[]? b)
    {
        if (a is null || a.Length < EntrySize)
        {
            return b;
        }

        if (b is null || b.Length < EntrySize)
        {
            return a;
        }

        var merged = new byte[a.Length + b.Length];
        int i = 0, j = 0, n = 0;
        while (i < a.Length || j < b.Length)
        {
            int indexA = i < a.Length ? IndexAt(a, i) : int.MaxValue;
            int indexB = j < b.Length ? IndexAt(b, j) : int.MaxValue;
            int index = Math.Min(indexA, indexB);
            long count = (indexA == index ? CountAt(a, i) : 0) + (indexB == index ? CountAt(b, j) : 0);
            BinaryPrimitives.WriteUInt16LittleEndian(merged.AsSpan(n), (ushort)index);
            BinaryPrimitives.WriteInt64LittleEndian(merged.AsSpan(n + 2), count);
            n += EntrySize;
            i += indexA == index ? EntrySize : 0;
            j += indexB == index ? EntrySize : 0;
        }

        return n == merged.Length ? merged : merged[..n];
    }

    /// <summary>Adds a blob into dense per-bucket counts; the step of the SQL aggregate <c>sum_buckets</c>.</summary>
    public static long[]? AddInto(long[]? dense, byte[]? blob)
    {
        if (blob is null || blob.Length < EntrySize)
        {
            return dense;
        }

        dense ??= new long[LatencyBuckets.Count];
        for (int i = 0; i + EntrySize <= blob.Length; i += EntrySize)
        {
            dense[IndexAt(blob, i)] += CountAt(blob, i);
        }

        return dense;
    }

    /// <summary>Encodes dense counts; the result of the SQL aggregate <c>sum_buckets</c>.</summary>
    public static byte[]? FromDense(long[]? dense) =>
        dense is null ? null : Encode([.. dense.Select((count, index) => new BucketCount(index, count)).Where(b => b.Count != 0)]);

    private static int IndexAt(byte[] blob, int offset) => BinaryPrimitives.ReadUInt16LittleEndian(blob.AsSpan(offset));

    private static long CountAt(byte[] blob, int offset) => BinaryPrimitives.ReadInt64LittleEndian(blob.AsSpan(offset + 2));
}
