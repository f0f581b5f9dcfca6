using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Ids;
using EdgeCompute.Protocol.Telemetry;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Gateway.Sensors;

/// <summary>
/// Checks <see cref="SensorOptions"/> at start; every problem names its setting
/// (for example <c>SensorOptions:Sensors:1:I2cAddress</c>), so a wrong setting stops the service with a clear message.
/// </summary>
public sealed class SensorOptionsValidator : IValidateOptions<SensorOptions>
{
    private const string Section = nameof(SensorOptions);

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SensorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = Check(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>Lists what is wrong with <paramref name="options"/>; empty when they are valid.</summary>
    /// <param name="options">The options.</param>
    /// <returns>One message per problem.</returns>
    public static IReadOnlyList<string> Check(SensorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        CheckTiming(options, problems);

        var channelOwners = new Dictionary<string, int>(StringComparer.Ordinal);
        var channelCount = 0;
        for (var i = 0; i < options.Sensors.Count; i++)
        {
            var at = $"{Section}:Sensors:{i}";
            var sensor = options.Sensors[i];
            if (sensor is null)
            {
                problems.Add($"{at}: is empty");
                continue;
            }

            var defaults = SensorChannelDefaults.For(sensor.Driver);
            if (defaults is null)
            {
                problems.Add($"{at}:Driver: \"{sensor.Driver}\" is not one of {string.Join(", ", SensorDriverNames.All)}");
                continue;
            }

            if (SensorDriverNames.IsI2c(sensor.Driver))
            {
                CheckI2c(sensor, at, problems);
            }

            if (sensor.Channels.Count != 0 && sensor.Channels.Count != defaults.Count)
            {
                problems.Add($"{at}:Channels: {sensor.Driver} has {defaults.Count} channel(s) "
                    + $"({string.Join(", ", defaults.Select(c => c.Name))}), {sensor.Channels.Count} name(s) given");
                continue;
            }

            var channels = SensorChannelDefaults.Resolve(sensor);
            channelCount += channels.Count;
            foreach (var channel in channels)
            {
                if (!ProtocolId.IsValid(channel.Name) || channel.Name.Length > ChannelSummary.MaxChannelLength)
                {
                    problems.Add($"{at}:Channels: \"{channel.Name}\" does not match [a-z0-9-]{{1,{ChannelSummary.MaxChannelLength}}}");
                }
                else if (!channelOwners.TryAdd(channel.Name, i))
                {
                    problems.Add($"{at}:Channels: channel \"{channel.Name}\" is also used by {Section}:Sensors:{channelOwners[channel.Name]}; "
                        + "set Channels to give one of them other names");
                }
            }
        }

        if (channelCount > WindowSummaryCodec.MaxChannels)
        {
            problems.Add($"{Section}:Sensors: {channelCount} channels in all, a window summary carries at most {WindowSummaryCodec.MaxChannels}");
        }

        return problems;
    }

    private static void CheckTiming(SensorOptions options, List<string> problems)
    {
        var interval = options.SampleInterval;
        if (interval <= TimeSpan.Zero || interval.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            problems.Add($"{Section}:SampleInterval: {interval} must be a positive whole number of milliseconds");
            return;
        }

        var window = options.WindowLength;
        if (window < interval || window > SensorOptions.MaxWindowLength || window.Ticks % interval.Ticks != 0)
        {
            problems.Add($"{Section}:WindowLength: {window} must be a whole multiple of SampleInterval ({interval}) "
                + $"and at most {SensorOptions.MaxWindowLength}");
        }
    }

    private static void CheckI2c(SensorDefinition sensor, string at, List<string> problems)
    {
        if (sensor.I2cBusId < 0)
        {
            problems.Add($"{at}:I2cBusId: {sensor.I2cBusId} must be 0 or more (/dev/i2c-N)");
        }

        var address = sensor.EffectiveI2cAddress;
        var problem = sensor.Driver switch
        {
            SensorDriverNames.Bme280 when address is not (0x76 or 0x77) =>
                "is not a BME280 address; it answers at 0x76 (SDO to GND) or 0x77 (SDO to VDDIO)",
            SensorDriverNames.Sht4x when address is not (0x44 or 0x45 or 0x46) =>
                "is not an SHT4x address; it answers at 0x44 (SHT40-AD1B, SHT41, SHT45), 0x45 (SHT40-BD1B) or 0x46 (SHT40-CD1B)",
            SensorDriverNames.Bh1750 when address is not (0x23 or 0x5C) =>
                "is not a BH1750 address; it answers at 0x23 (ADDR low or open) or 0x5C (ADDR high)",
            _ => null,
        };
        if (problem is not null)
        {
            problems.Add($"{at}:I2cAddress: 0x{address:X2} {problem}");
        }
    }
}
