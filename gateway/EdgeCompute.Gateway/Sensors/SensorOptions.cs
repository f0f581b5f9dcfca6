namespace EdgeCompute.Gateway.Sensors;

/// <summary>
/// The gateway's own sensors and how they are sampled; bound from the <c>SensorOptions</c> section and checked at
/// start by <see cref="SensorOptionsValidator"/>.
/// </summary>
public sealed class SensorOptions
{
    /// <summary>The longest window allowed.</summary>
    public static readonly TimeSpan MaxWindowLength = TimeSpan.FromHours(1);

    /// <summary>Gets or sets how often every sensor is read; whole milliseconds, default 1 s.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets or sets the window length; a whole multiple of <see cref="SampleInterval"/>, at most one hour, default
    /// 60 s. Windows are aligned to multiples of it since the Unix epoch, like the devices' windows.
    /// </summary>
    public TimeSpan WindowLength { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets the sensors; none by default (the sampler then stays idle).</summary>
    public IList<SensorDefinition> Sensors { get; } = [];
}
