using Microsoft.Extensions.Logging;

namespace EdgeCompute.Gateway.Sensors;

/// <summary>The sensor part's log lines (event ids 3100–3199).</summary>
internal static partial class SensorLog
{
    [LoggerMessage(3100, LogLevel.Information, "Sensor {Sensor} ({Driver}) ready: channels {Channels}")]
    public static partial void SensorReady(ILogger logger, string sensor, string driver, string channels);

    [LoggerMessage(3101, LogLevel.Warning, "Sensor {Sensor} ({Driver}) is not available and is left out; the gateway carries on with the other sensors: {Reason}")]
    public static partial void SensorUnavailable(ILogger logger, string sensor, string driver, string reason);

    [LoggerMessage(3102, LogLevel.Information, "Sensor {Sensor} uses DS18B20 probe {Path}; {Others} more probe(s) found, configure Path to read them")]
    public static partial void MoreProbes(ILogger logger, string sensor, string path, int others);

    [LoggerMessage(3110, LogLevel.Information, "No own sensors configured; the gateway sends no telemetry of its own")]
    public static partial void NoSensors(ILogger logger);

    [LoggerMessage(3111, LogLevel.Information, "Sampling {SensorCount} sensor(s), {ChannelCount} channel(s) every {SampleInterval}, windows of {WindowLength}")]
    public static partial void Sampling(ILogger logger, int sensorCount, int channelCount, TimeSpan sampleInterval, TimeSpan windowLength);

    [LoggerMessage(3112, LogLevel.Warning, "Sensor {Sensor} stopped answering; its readings are dropouts until it recovers")]
    public static partial void SensorFailing(ILogger logger, string sensor);

    [LoggerMessage(3113, LogLevel.Information, "Sensor {Sensor} answers again after {Dropouts} dropout(s)")]
    public static partial void SensorRecovered(ILogger logger, string sensor, long dropouts);

    [LoggerMessage(3114, LogLevel.Error, "Sensor {Sensor} threw while reading; counted as a dropout")]
    public static partial void SensorThrew(ILogger logger, string sensor, Exception exception);

    [LoggerMessage(3115, LogLevel.Warning, "The clock went back from {Last} to {Now}; the open window is closed and a new one started")]
    public static partial void ClockWentBack(ILogger logger, DateTimeOffset last, DateTimeOffset now);

    [LoggerMessage(3116, LogLevel.Debug, "Window {WindowStart} closed: {Readings} reading(s), {Dropouts} dropout(s)")]
    public static partial void WindowClosed(ILogger logger, DateTimeOffset windowStart, long readings, long dropouts);

    [LoggerMessage(3117, LogLevel.Warning, "Window {WindowStart} had no readings ({Dropouts} dropout(s)); nothing is sent for it")]
    public static partial void WindowEmpty(ILogger logger, DateTimeOffset windowStart, long dropouts);

    [LoggerMessage(3118, LogLevel.Error, "Window {WindowStart} could not be handed to the outbox and is lost")]
    public static partial void PublishFailed(ILogger logger, DateTimeOffset windowStart, Exception exception);

    [LoggerMessage(3119, LogLevel.Warning, "Window {WindowStart} dropped: {Capacity} windows were already waiting for the outbox")]
    public static partial void QueueFull(ILogger logger, DateTimeOffset windowStart, int capacity);
}
