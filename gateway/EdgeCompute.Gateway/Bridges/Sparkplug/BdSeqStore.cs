using System.Globalization;

namespace EdgeCompute.Gateway.Bridges.Sparkplug;

/// <summary>
/// The birth/death sequence number (<c>bdSeq</c>): 0 on the first MQTT CONNECT ever, one more on every new CONNECT,
/// 255 wrapping to 0 (specification, "NDEATH"). Kept in <c>sparkplug-bdseq</c> in the data folder, so a restarted
/// gateway goes on counting; a missing or damaged file starts again at 0.
/// </summary>
internal sealed class BdSeqStore(string dataFolder)
{
    public const string FileName = "sparkplug-bdseq";
    private readonly string _path = Path.Combine(dataFolder, FileName);
    private int? _last;

    /// <summary>Gets the bdSeq of the current (or last) connection, or null before the first.</summary>
    public int? Current => _last;

    /// <summary>The bdSeq for the next CONNECT, stored before it is used.</summary>
    public int Next()
    {
        _last ??= Read();
        var next = _last is { } last ? (last + 1) % 256 : 0;
        _last = next;
        try
        {
            Directory.CreateDirectory(dataFolder);
            File.WriteAllText(_path, next.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Host applications match NDEATH to NBIRTH within a connection, which still holds; only the count restarts.
        }

        return next;
    }

    private int? Read()
    {
        try
        {
            return File.Exists(_path) && int.TryParse(File.ReadAllText(_path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 255
                ? value
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
