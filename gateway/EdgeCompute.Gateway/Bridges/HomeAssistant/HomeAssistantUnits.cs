namespace EdgeCompute.Gateway.Bridges.HomeAssistant;

/// <summary>
/// SenML units (RFC 8428, section 12.1) as Home Assistant's sensor units and device classes: a channel gets a device
/// class only when Home Assistant documents its unit for that class; otherwise none (a plain numeric sensor).
/// </summary>
internal static class HomeAssistantUnits
{
    /// <summary>The unit Home Assistant shows and the device class, for a SenML unit; the unit as is and no class otherwise.</summary>
    public static (string? Unit, string? DeviceClass) Of(string senmlUnit) => senmlUnit switch
    {
        "Cel" => ("°C", "temperature"),
        "K" => ("K", "temperature"),
        "%RH" => ("%", "humidity"),
        "Pa" => ("Pa", "atmospheric_pressure"),
        "hPa" => ("hPa", "atmospheric_pressure"),
        "kPa" => ("kPa", "atmospheric_pressure"),
        "lx" => ("lx", "illuminance"),
        "V" => ("V", "voltage"),
        "A" => ("A", "current"),
        "W" => ("W", "power"),
        "dBm" => ("dBm", "signal_strength"),
        "%EL" => ("%", "battery"),
        "" => (null, null),
        _ => (senmlUnit, null),
    };
}
