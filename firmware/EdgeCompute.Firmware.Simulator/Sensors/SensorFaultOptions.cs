namespace EdgeCompute.Firmware.Simulator.Sensors;

/// <summary>Fault rates of a <see cref="SimulatedSensorArray"/>, as probabilities per read of one channel.</summary>
public sealed class SensorFaultOptions
{
    /// <summary>Gets or sets the probability that a read fails (a dropout: <c>TryRead</c> returns false). Default 0.</summary>
    public double DropoutRate { get; set; }

    /// <summary>Gets or sets the probability that a read is a spike far off the physical value. Default 0.</summary>
    public double SpikeRate { get; set; }

    /// <summary>Gets or sets the probability that a read starts a stuck episode (the value freezes). Default 0.</summary>
    public double StuckRate { get; set; }

    /// <summary>Gets or sets how many reads a stuck episode lasts, the first included (default 30).</summary>
    public int StuckReads { get; set; } = 30;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public void Validate()
    {
        Probability(DropoutRate, nameof(DropoutRate));
        Probability(SpikeRate, nameof(SpikeRate));
        Probability(StuckRate, nameof(StuckRate));
        if (StuckReads < 1)
        {
            throw new ArgumentException("SensorFaultOptions.StuckReads must be at least 1");
        }
    }

    /// <summary>Copies the settings.</summary>
    /// <returns>A new options object.</returns>
    public SensorFaultOptions Clone() => (SensorFaultOptions)MemberwiseClone();

    private static void Probability(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new ArgumentException($"SensorFaultOptions.{name} must be in [0, 1]");
        }
    }
}
