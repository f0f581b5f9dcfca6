namespace EdgeCompute.Protocol.Ids;

/// <summary>
/// The id rule shared by devices, gateways, owners and tasks: <c>[a-z0-9-]{1,32}</c>
/// (docs/protocol.md, "Conventions").
/// </summary>
public static class ProtocolId
{
    /// <summary>The rule every id must match, as written in error messages.</summary>
    public const string Rule = "[a-z0-9-]{1,32}";

    /// <summary>The longest id, in characters (and bytes: ids are ASCII).</summary>
    public const int MaxLength = 32;

    /// <summary>Whether <paramref name="id"/> matches <see cref="Rule"/>.</summary>
    /// <param name="id">The candidate id; <see langword="null"/> is not valid.</param>
    /// <returns><see langword="true"/> when the id is 1 to 32 characters of <c>a-z</c>, <c>0-9</c> or <c>-</c>.</returns>
    public static bool IsValid(string? id) => id is not null && IsValid(id, MaxLength);

    /// <summary>Throws unless <paramref name="id"/> matches <see cref="Rule"/>.</summary>
    /// <param name="id">The candidate id.</param>
    /// <param name="what">What the id names, for the message (for example <c>"device id"</c>).</param>
    /// <exception cref="ArgumentException">The id breaks the rule; the message names the id and the rule.</exception>
    public static void Validate(string? id, string what)
    {
        if (!IsValid(id))
        {
            throw new ArgumentException(Describe(id, what), what);
        }
    }

    /// <summary>Builds the message used when an id breaks the rule.</summary>
    internal static string Describe(string? id, string what) =>
        id is null ? $"{what} is missing; it must match {Rule}" : $"{what} \"{id}\" does not match {Rule}";

    /// <summary>Whether <paramref name="value"/> is 1 to <paramref name="maxLength"/> characters of <c>[a-z0-9-]</c>.</summary>
    internal static bool IsValid(string value, int maxLength)
    {
        if (value.Length is 0 || value.Length > maxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
