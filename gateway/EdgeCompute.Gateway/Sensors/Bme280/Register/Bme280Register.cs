namespace EdgeCompute.Gateway.Sensors.Bme280.Register;

/// <summary>BME280 register addresses (datasheet BST-BME280-DS002, section 5.3, table 18).</summary>
internal enum Bme280Register : byte
{
    /// <summary>calib00…calib25: dig_T1…dig_P9 (little-endian 16-bit words), then dig_H1 at 0xA1.</summary>
    CalibrationTemperaturePressure = 0x88,

    /// <summary>dig_H1 (unsigned 8 bit).</summary>
    CalibrationH1 = 0xA1,

    /// <summary>chip_id: 0x60 on a BME280.</summary>
    ChipId = 0xD0,

    /// <summary>reset: writing 0xB6 resets the chip.</summary>
    Reset = 0xE0,

    /// <summary>calib26…calib32: dig_H2…dig_H6.</summary>
    CalibrationHumidity = 0xE1,

    /// <summary>ctrl_hum: osrs_h[2:0]; takes effect only after a write to ctrl_meas.</summary>
    ControlHumidity = 0xF2,

    /// <summary>status: measuring[3], im_update[0].</summary>
    Status = 0xF3,

    /// <summary>ctrl_meas: osrs_t[7:5], osrs_p[4:2], mode[1:0].</summary>
    ControlMeasurement = 0xF4,

    /// <summary>config: t_sb[7:5], filter[4:2], spi3w_en[0].</summary>
    Config = 0xF5,

    /// <summary>press_msb; the burst read of 0xF7…0xFE gives pressure, temperature and humidity of one measurement.</summary>
    PressureMsb = 0xF7,

    /// <summary>temp_msb.</summary>
    TemperatureMsb = 0xFA,

    /// <summary>hum_msb.</summary>
    HumidityMsb = 0xFD,
}
