namespace EdgeCompute.Gateway.LocalStore;

/// <summary>Reads stored windows synchronously; the seam WebAssembly host functions use (they run on the task's thread).</summary>
public interface ILocalWindowReader
{
    /// <summary>Returns the windows matching <paramref name="query"/>, ordered by start, then source.</summary>
    /// <param name="query">The channel, time range and optional source.</param>
    /// <returns>The matching windows, at most <see cref="WindowQuery.Limit"/>.</returns>
    IReadOnlyList<StoredWindow> Query(WindowQuery query);
}
