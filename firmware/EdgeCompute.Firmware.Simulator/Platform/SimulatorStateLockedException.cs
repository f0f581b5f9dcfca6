namespace EdgeCompute.Firmware.Simulator.Platform;

/// <summary>Another simulator holds the fleet's state for some of the same devices (its lock file is named in the message).</summary>
public sealed class SimulatorStateLockedException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is locked, by whom, and what to do.</param>
    /// <param name="inner">The operating system's refusal.</param>
    public SimulatorStateLockedException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SimulatorStateLockedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is locked.</param>
    public SimulatorStateLockedException(string message)
        : base(message)
    {
    }
}
