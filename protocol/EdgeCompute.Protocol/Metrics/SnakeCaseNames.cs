using System.Text;

namespace EdgeCompute.Protocol.Metrics;

/// <summary>An enum's values as the snake_case names the gateway's and the coordinator's metric tags use (<c>RateLimited</c> → <c>rate_limited</c>), computed once.</summary>
/// <typeparam name="T">The enum.</typeparam>
public static class SnakeCaseNames<T>
    where T : struct, Enum
{
    private static readonly Dictionary<T, string> Names = Enum.GetValues<T>().ToDictionary(v => v, v => Convert(v.ToString()));

    /// <summary>Gets the name of one value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Its snake_case name.</returns>
    public static string Of(T value) => Names.TryGetValue(value, out var name) ? name : Convert(value.ToString());

    private static string Convert(string pascal)
    {
        var text = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(pascal[i]));
        }

        return text.ToString();
    }
}
