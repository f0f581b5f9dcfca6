namespace EdgeCompute.Gateway.Sensors.Bme280;

/// <summary>BME280 oversampling (the <c>osrs_x</c> register fields, datasheet section 5.4).</summary>
public enum Bme280Sampling : byte
{
    /// <summary>One measurement per reading (datasheet "weather monitoring": lowest power, enough for 1 Hz).</summary>
    X1 = 0b001,

    /// <summary>Two measurements per reading.</summary>
    X2 = 0b010,

    /// <summary>Four measurements per reading.</summary>
    X4 = 0b011,

    /// <summary>Eight measurements per reading.</summary>
    X8 = 0b100,

    /// <summary>Sixteen measurements per reading (lowest noise).</summary>
    X16 = 0b101,
}
