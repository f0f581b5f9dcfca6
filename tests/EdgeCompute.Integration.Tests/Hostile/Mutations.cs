namespace EdgeCompute.Integration.Tests.Hostile;

/// <summary>Seeded byte-level mutations of captured, valid messages.</summary>
internal static class Mutations
{
    public static byte[] RandomBytes(Random random, int maxLength)
    {
        var bytes = new byte[random.Next(0, maxLength + 1)];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>The message with 1 to 8 random bits flipped (at least one, so it differs).</summary>
    public static byte[] FlipBits(Random random, byte[] message)
    {
        var copy = (byte[])message.Clone();
        var flips = random.Next(1, 9);
        for (var i = 0; i < flips; i++)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy.AsSpan().SequenceEqual(message) ? [.. copy, 0] : copy;
    }

    /// <summary>A strict prefix of the message.</summary>
    public static byte[] Truncate(Random random, byte[] message) => message[..random.Next(0, message.Length)];

    /// <summary>The message with 1 to 64 random bytes appended.</summary>
    public static byte[] Extend(Random random, byte[] message)
    {
        var tail = new byte[random.Next(1, 65)];
        random.NextBytes(tail);
        return [.. message, .. tail];
    }

    /// <summary>A topic-like string of safe characters (no wildcards, never empty), sometimes under <c>ec/v1</c>.</summary>
    public static string GarbageTopic(Random random)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_/.$";
        var length = random.Next(1, 48);
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        var text = new string(chars);
        return random.Next(3) == 0 ? "ec/v1/" + text : text;
    }

    /// <summary>Picks a kind by weight.</summary>
    public static string Pick(Random random, (string Kind, int Weight)[] kinds)
    {
        var roll = random.Next(kinds.Sum(k => k.Weight));
        foreach (var (kind, weight) in kinds)
        {
            if (roll < weight)
            {
                return kind;
            }

            roll -= weight;
        }

        throw new InvalidOperationException("unreachable");
    }
}
