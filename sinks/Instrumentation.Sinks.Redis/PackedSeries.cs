using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Instrumentation.Collection;
using Instrumentation.Probes;
using Instrumentation.Snapshots;

namespace Instrumentation.Sinks.Redis;

/// <summary>
/// One series' share of a time bucket as one hash value, decimal text separated by commas: the fields of its kind in
/// schema order, the duration sum in nanoseconds, then each non-empty histogram bucket in index order as
/// <c>index:count</c>, or <c>:count</c> when it follows the previous bucket; for example
/// <c>60,2,126000000,117:20,:31,:6,121:3</c>. The write script adds two such values position by position and histogram
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
            local p, last = 0, -1
            for item in string.gmatch(text, '[^,]+') do
              local colon = string.find(item, ':', 1, true)
              if colon then
                local i = colon == 1 and last + 1 or tonumber(string.sub(item, 1, colon - 1))
                last = i
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
          local previous = -2
          for _, i in ipairs(indexes) do
            out[#out + 1] = (i == previous + 1 and '' or string.format('%d', i)) .. string.format(':%.0f', counts[i])
            previous = i
          end
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
        int previous = -2;
        foreach (BucketCount bucket in delta.Buckets.OrderBy(b => b.Index))
        {
            if (bucket.Index == previous + 1)
            {
                text.Append(invariant, $",:{bucket.Count}");
            }
            else
            {
                text.Append(invariant, $",{bucket.Index}:{bucket.Count}");
            }

            previous = bucket.Index;
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
        int plainCount = 0, bucketCount = 0, previous = -1;
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
            else if (bucketCount == buckets.Length || !TryParseIndex(item[..colon], previous, out int index) || !TryParse(item[(colon + 1)..], out long count))
            {
                return false;
            }
            else
            {
                buckets[bucketCount++] = (index, count);
                previous = index;
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

    /// <summary>A histogram bucket's index: written, or (empty) the one after <paramref name="previous"/>.</summary>
    private static bool TryParseIndex(ReadOnlySpan<byte> text, int previous, out int index)
    {
        if (text.IsEmpty)
        {
            index = previous + 1;
            return previous >= 0 && index < LatencyBuckets.Count;
        }

        return Utf8Parser.TryParse(text, out index, out int used) && used == text.Length && index is >= 0 and < LatencyBuckets.Count;
    }

    private static bool TryParse(ReadOnlySpan<byte> text, out long value) =>
        Utf8Parser.TryParse(text, out value, out int used) && used == text.Length;
}
