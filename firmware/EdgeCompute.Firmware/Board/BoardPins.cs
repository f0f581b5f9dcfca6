namespace EdgeCompute.Firmware.Board;

/// <summary>
/// Where the BME280 is wired on the reference node. The same values are in hardware/esp32-bme280-node/pins.json and
/// its README; tests/EdgeCompute.Hardware.Tests fails when they disagree, so change them together.
/// </summary>
public static class BoardPins
{
    /// <summary>The I2C controller the sensor is on (nanoFramework bus id 1 = I2C1).</summary>
    public const int I2cBusId = 1;

    /// <summary>GPIO routed to I2C1 SDA (the nanoFramework ESP32 image's own default is GPIO18).</summary>
    public const int I2cDataGpio = 21;

    /// <summary>GPIO routed to I2C1 SCL (the nanoFramework ESP32 image's own default is GPIO19).</summary>
    public const int I2cClockGpio = 22;

    /// <summary>The BME280's 7-bit address with SDO tied to GND (0x77 with SDO to VDDIO).</summary>
    public const int Bme280Address = 0x76;
}
