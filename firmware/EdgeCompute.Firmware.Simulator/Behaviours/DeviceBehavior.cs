using EdgeCompute.Firmware.Simulator.Fleet;

namespace EdgeCompute.Firmware.Simulator.Behaviours;

/// <summary>How a virtual device misbehaves; link and reboot behaviours combine with the task behaviours.</summary>
[Flags]
public enum DeviceBehavior
{
    /// <summary>Runs every task and answers truthfully; keeps its link.</summary>
    Honest = 0,

    /// <summary>Drops every task: never runs or answers it (counted as received).</summary>
    Lazy = 1,

    /// <summary>Answers a stated share of its tasks with a wrong output under a valid MAC (see <see cref="SimulationPlan.CheatRate"/>).</summary>
    Cheater = 2,

    /// <summary>Loses its link and has publishes refused at the plan's rates.</summary>
    FlakyLink = 4,

    /// <summary>Reboots at the plan's rate: a new boot counter, seq from 1, unsent frames lost on power loss.</summary>
    Reboots = 8,
}
