namespace EdgeCompute.Coordinator.Domain.Epochs;

/// <summary>
/// The canonical order of owner ids: by Unicode code point, which is the byte order of their UTF-8 encodings, so
/// any language sorting the UTF-8 bytes of a statement gets the same order (plain UTF-16 ordinal order differs for
/// characters above U+FFFF).
/// </summary>
public sealed class OwnerOrder : IComparer<string>
{
    /// <summary>The single instance.</summary>
    public static OwnerOrder Instance { get; } = new();

    private OwnerOrder()
    {
    }

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            if (x[i] != y[i])
            {
                // A surrogate stands for a code point above U+FFFF, so it sorts after every BMP character;
                // between two surrogates, or two BMP characters, UTF-16 order already is code point order.
                var xs = char.IsSurrogate(x[i]);
                var ys = char.IsSurrogate(y[i]);
                return xs == ys ? x[i].CompareTo(y[i]) : (xs ? 1 : -1);
            }
        }

        return x.Length.CompareTo(y.Length);
    }
}
