using System.Device.I2c;
using EdgeCompute.Firmware.Board;
using EdgeCompute.Firmware.Core.Agent;
using Iot.Device.Bmxx80;
using Iot.Device.Bmxx80.ReadResult;
using nanoFramework.Hardware.Esp32;

namespace EdgeCompute.Firmware.Sensors;

/// <summary>
/// The node's three channels from one BME280 on I2C1: <c>temp</c> (0.01 °C), <c>hum</c> (0.01 %RH), <c>press</c>
/// (0.01 hPa), the same names, units and exponents as the gateway's own BME280 channels.
/// </summary>
/// <remarks>
/// The agent reads channels 0, 1, 2 in order at each sample time; channel 0 triggers one measurement of all three
/// and channels 1 and 2 return that measurement. The binding allocates one small result object per measurement
/// (once a second); the core itself stays allocation-free.
/// </remarks>
public sealed class Bme280SensorArray : ISensorArray
{
    private readonly Bme280 _bme;
    private bool _humidityValid;
    private bool _pressureValid;
    private int _humidity;
    private int _pressure;

    private Bme280SensorArray(Bme280 bme)
    {
        _bme = bme;
    }

    /// <inheritdoc/>
    public int ChannelCount => 3;

    /// <summary>Routes the I2C1 pins, opens the bus and the sensor.</summary>
    /// <returns>The sensor array.</returns>
    public static Bme280SensorArray Open()
    {
        // Configuration.SetPinFunction(int pin, DeviceFunction value): nanoframework/nanoFramework.Hardware.Esp32
        // nanoFramework.Hardware.Esp32/Configuration.cs. Must run before the bus is opened.
        nanoFramework.Hardware.Esp32.Configuration.SetPinFunction(BoardPins.I2cDataGpio, DeviceFunction.I2C1_DATA);
        nanoFramework.Hardware.Esp32.Configuration.SetPinFunction(BoardPins.I2cClockGpio, DeviceFunction.I2C1_CLOCK);

        // I2cDevice.Create(new I2cConnectionSettings(busId, address)) as in nanoframework/nanoFramework.IoT.Device
        // devices/Bmxx80/samples/Bme280.sample.cs (package nanoFramework.System.Device.I2c).
        var device = I2cDevice.Create(new I2cConnectionSettings(BoardPins.I2cBusId, BoardPins.Bme280Address));

        // new Bme280(I2cDevice) with TemperatureSampling/PressureSampling/HumiditySampling (enum Sampling):
        // nanoframework/nanoFramework.IoT.Device devices/Bmxx80/Bme280.cs, Bmxx80Base.cs, Sampling.cs.
        var bme = new Bme280(device)
        {
            TemperatureSampling = Sampling.UltraLowPower,
            PressureSampling = Sampling.UltraLowPower,
            HumiditySampling = Sampling.UltraLowPower,
        };
        return new Bme280SensorArray(bme);
    }

    /// <inheritdoc/>
    public string ChannelName(int channel) => channel == 0 ? "temp" : channel == 1 ? "hum" : "press";

    /// <inheritdoc/>
    public string Unit(int channel) => channel == 0 ? "Cel" : channel == 1 ? "%RH" : "hPa";

    /// <inheritdoc/>
    public int Exponent(int channel) => -2;

    /// <inheritdoc/>
    public bool TryRead(int channel, out int value)
    {
        if (channel == 1)
        {
            value = _humidity;
            return _humidityValid;
        }

        if (channel == 2)
        {
            value = _pressure;
            return _pressureValid;
        }

        return Measure(out value);
    }

    private bool Measure(out int temperature)
    {
        _humidityValid = false;
        _pressureValid = false;
        temperature = 0;
        Bme280ReadResult result;
        try
        {
            // Bme280.Read() returns Bme280ReadResult (Temperature, Pressure, Humidity and their *IsValid flags):
            // devices/Bmxx80/Bme280.cs and devices/Bmxx80/ReadResult/Bme280ReadResult.cs.
            result = _bme.Read();
        }
        catch (System.IO.IOException)
        {
            return false; // a bus error is a dropout, not a reading
        }

        // UnitsNet quantities hold doubles; round once to the channel's hundredths.
        if (result.HumidityIsValid)
        {
            _humidity = Round(result.Humidity.Percent * 100);
            _humidityValid = true;
        }

        if (result.PressureIsValid)
        {
            _pressure = Round(result.Pressure.Hectopascals * 100);
            _pressureValid = true;
        }

        if (!result.TemperatureIsValid)
        {
            return false;
        }

        temperature = Round(result.Temperature.DegreesCelsius * 100);
        return true;
    }

    private static int Round(double value) => (int)(value >= 0 ? value + 0.5 : value - 0.5);
}
