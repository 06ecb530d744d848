using Instrumentation.Probes;

namespace Instrumentation.Tests;

public sealed class TagHashTests
{
    [Fact]
    public void Equal_keys_hash_equal_and_length_text_and_number_all_count()
    {
        Assert.Equal(Key("web").GetHashCode(), Key(new string("web".AsSpan())).GetHashCode());
        Assert.Equal(4, new[] { Key("a"), Key("a\0"), Key("ab"), Key("abcdefghi") }.Select(k => k.GetHashCode()).Distinct().Count());
        Assert.NotEqual(Key("web").GetHashCode(), Key("web", choiceIndex: 1).GetHashCode());

        var number = new SeriesKey(0);
        number.Add(404);
        var other = new SeriesKey(0);
        other.Add(500);
        Assert.NotEqual(number.GetHashCode(), other.GetHashCode());
    }

    [Fact]
    public void Similar_values_spread_over_the_low_bits_a_table_masks()
    {
        // 1,000 random keys in 2,048 slots fill about 790 distinct slots; a weak low-bit mix fills far fewer.
        int slots = Enumerable.Range(0, 1000).Select(i => Key($"client-{i}").GetHashCode() & 2047).Distinct().Count();

        Assert.InRange(slots, 700, 1000);
    }

    private static SeriesKey Key(string value, int choiceIndex = 0)
    {
        var key = new SeriesKey(choiceIndex);
        key.Add(value);
        return key;
    }
}
