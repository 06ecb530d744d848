using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Instrumentation.Collection;
using Instrumentation.Probes;
using Instrumentation.Snapshots;

namespace Instrumentation.Sinks.Redis;

/// <summary>
/// One series' share of a time bucket as one hash value, decimal text separated by commas: the fields of its kind in
/// schema order, the duration sum in nanoseconds, then <c>index:count</c> for each non-empty histogram bucket, for
/// example <c>6,2,12000000,117:6</c>. The write script adds two such values position by position and histogram
/// bucket by bucket (Lua numbers: exact up to 2^53 per bucket).
/// </summary>
internal static class PackedSeries
{
    /// <summary>The script's function that adds packed value <c>b</c> to <c>a</c> (<c>a</c> may be false: none yet).</summary>
    public const string LuaAdd = """
        local function add(a, b)
          if not a then return b end
          local plain, counts, indexes = {}, {}, {}
          for _, text in ipairs({ a, b }) do
            local p = 0
            for item in string.gmatch(text, '[^,]+') do
              local colon = string.find(item, ':', 1, true)
              if colon then
                local i = tonumber(string.sub(item, 1, colon - 1))
                if not counts[i] then counts[i] = 0; indexes[#indexes + 1] = i end
                counts[i] = counts[i] + tonumber(string.sub(item, colon + 1))
              else
                p = p + 1
                plain[p] = (plain[p] or 0) + tonumber(item)
              end
            end
          end
          table.sort(indexes)
          local out = {}
          for p = 1, #plain do out[p] = string.format('%.0f', plain[p]) end
          for _, i in ipairs(indexes) do out[#out + 1] = string.format('%d:%.0f', i, counts[i]) end
          return table.concat(out, ',')
        end
        """;

    /// <summary>The delta's fields, duration sum and histogram as one value.</summary>
    public static string Pack(SeriesDelta delta)
    {
        CultureInfo invariant = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        foreach (string field in delta.Series.Schema.Fields)
        {
            text.Append(invariant, $"{delta.Fields[field]},");
        }

        text.Append(invariant, $"{delta.DurationSumNanoseconds}");
        foreach (BucketCount bucket in delta.Buckets)
        {
            text.Append(invariant, $",{bucket.Index}:{bucket.Count}");
        }

        return text.ToString();
    }

    /// <summary>
    /// Adds a packed value into <paramref name="aggregate"/>; <see langword="false"/>, adding nothing, when it is not
    /// one written for the aggregate's kind (another version's layout, or text written by hand).
    /// </summary>
    public static bool TryAddTo(SeriesAggregate aggregate, ReadOnlySpan<byte> packed)
    {
        int fieldCount = aggregate.Series.Schema.Fields.Count;
        Span<long> plain = stackalloc long[SeriesSchema.MaxFieldCount + 1];
        Span<(int Index, long Count)> buckets = stackalloc (int, long)[LatencyBuckets.Count];
        int plainCount = 0, bucketCount = 0;
        foreach (Range range in packed.Split((byte)','))
        {
            ReadOnlySpan<byte> item = packed[range];
            int colon = item.IndexOf((byte)':');
            if (colon < 0)
            {
                if (plainCount > fieldCount || bucketCount > 0 || !TryParse(item, out plain[plainCount++]))
                {
                    return false;
                }
            }
            else if (bucketCount == buckets.Length
                || !Utf8Parser.TryParse(item[..colon], out int index, out int used) || used != colon || index is < 0 or >= LatencyBuckets.Count
                || !TryParse(item[(colon + 1)..], out long count))
            {
                return false;
            }
            else
            {
                buckets[bucketCount++] = (index, count);
            }
        }

        if (plainCount != fieldCount + 1)
        {
            return false;
        }

        for (int i = 0; i < fieldCount; i++)
        {
            aggregate.Fields[aggregate.Series.Schema.Fields[i]] += plain[i];
        }

        aggregate.DurationSumNanoseconds += plain[fieldCount];
        foreach ((int index, long count) in buckets[..bucketCount])
        {
            aggregate.Histogram?.Add(index, count);
        }

        return true;
    }

    private static bool TryParse(ReadOnlySpan<byte> text, out long value) =>
        Utf8Parser.TryParse(text, out value, out int used) && used == text.Length;
}
