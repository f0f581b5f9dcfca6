using System.Text.Json;

namespace EdgeCompute.Gateway.Bridges.HomeAssistant;

/// <summary>
/// What the bridge has announced, kept in <c>homeassistant.json</c> in the data folder so that a restart can
/// re-announce every entity at once and remove the entities of a device no longer in the gateway file. Written
/// atomically (a temporary file, then a rename).
/// </summary>
internal sealed class HomeAssistantLedger
{
    public const string FileName = "homeassistant.json";
    private static readonly JsonSerializerOptions _json = new() { WriteIndented = true };
    private readonly string _path;

    private HomeAssistantLedger(string path, LedgerFile content)
    {
        _path = path;
        Entities = content.Entities.ToDictionary(e => (e.Source, e.Channel));
        Devices = new Dictionary<string, HomeAssistantDevice>(content.Devices, StringComparer.Ordinal);
    }

    public Dictionary<(string Source, string Channel), HomeAssistantEntity> Entities { get; }

    public Dictionary<string, HomeAssistantDevice> Devices { get; }

    public static HomeAssistantLedger Open(string dataFolder)
    {
        var path = Path.Combine(dataFolder, FileName);
        var content = new LedgerFile([], []);
        if (File.Exists(path))
        {
            try
            {
                content = JsonSerializer.Deserialize<LedgerFile>(File.ReadAllText(path)) ?? content;
            }
            catch (JsonException)
            {
                // A damaged file only costs the removal of stale entities; every entity seen again is announced again.
            }
        }

        return new HomeAssistantLedger(path, content);
    }

    public HomeAssistantDevice DeviceOf(string source) => Devices.GetValueOrDefault(source) ?? HomeAssistantDevice.Unknown;

    public void Save()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var temporary = _path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(new LedgerFile([.. Entities.Values], Devices), _json));
        File.Move(temporary, _path, overwrite: true);
    }

    private sealed record LedgerFile(List<HomeAssistantEntity> Entities, Dictionary<string, HomeAssistantDevice> Devices);
}
