namespace EdgeCompute.Firmware.Core.Agent;

/// <summary>The device's sensor channels; values are integer mantissas with a per-channel decimal exponent.</summary>
public interface ISensorArray
{
    /// <summary>Gets the number of channels (fixed for the agent's lifetime).</summary>
    int ChannelCount { get; }

    /// <summary>Returns the name of a channel, <c>[a-z0-9-]{1,16}</c>.</summary>
    /// <param name="channel">The channel index.</param>
    /// <returns>The name, e.g. <c>temp</c>.</returns>
    string ChannelName(int channel);

    /// <summary>Returns the SenML unit of a channel (may be empty).</summary>
    /// <param name="channel">The channel index.</param>
    /// <returns>The unit, e.g. <c>Cel</c>.</returns>
    string Unit(int channel);

    /// <summary>Returns the decimal exponent of a channel's values (e.g. -2 for hundredths).</summary>
    /// <param name="channel">The channel index.</param>
    /// <returns>The exponent, -18 to 18.</returns>
    int Exponent(int channel);

    /// <summary>Reads one sample. A false return is a dropout: no reading is counted. Must not allocate.</summary>
    /// <param name="channel">The channel index.</param>
    /// <param name="value">The sample's mantissa.</param>
    /// <returns>Whether a sample was read.</returns>
    bool TryRead(int channel, out int value);
}
