using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Instrumentation.Probes;

/// <summary>
/// The hash a probe finds a series by: a multiply-rotate over the tag values, eight bytes a step, so
/// a short text costs a few cycles instead of a randomized general-purpose string hash. Its seed is
/// random per process, so values chosen from outside cannot be lined up to collide in advance; and
/// a probe's cardinality limit bounds what a collision could cost anyway.
/// </summary>
internal static class TagHash
{
    private const ulong Multiplier = 0x9E3779B97F4A7C15;
    private static readonly ulong s_seed = (ulong)Random.Shared.NextInt64();

    /// <summary>The starting state for a key with <paramref name="choiceIndex"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Start(int choiceIndex) => s_seed ^ (uint)choiceIndex;

    /// <summary>Mixes <paramref name="value"/> into <paramref name="hash"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Add(ulong hash, ulong value) => BitOperations.RotateLeft((hash ^ value) * Multiplier, 29);

    /// <summary>
    /// Mixes every UTF-16 code unit of <paramref name="text"/> and its length into <paramref name="hash"/>:
    /// one step per eight bytes, and one for the last zero to six bytes together with the length, so
    /// a text of up to three characters is one multiply.
    /// </summary>
    public static ulong Add(ulong hash, string text)
    {
        ref byte start = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(text.AsSpan()));
        int length = text.Length * sizeof(char);
        int i = 0;
        for (; i + sizeof(ulong) <= length; i += sizeof(ulong))
        {
            hash = Add(hash, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i)));
        }

        // What is left is at most six bytes, below bit 48; the length goes above it.
        ulong last = (ulong)length << 48;
        int shift = 0;
        if (i + sizeof(uint) <= length)
        {
            last |= Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, i));
            i += sizeof(uint);
            shift = 32;
        }

        if (i < length)
        {
            last |= (ulong)Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref start, i)) << shift;
        }

        return Add(hash, last);
    }

    /// <summary>Spreads the state over all 32 bits of the result, low bits included (tables mask them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Finish(ulong hash)
    {
        hash ^= hash >> 32;
        hash *= Multiplier;
        return (int)(hash ^ (hash >> 29));
    }
}
