using EdgeCompute.Firmware.Simulator.Behaviours;

namespace EdgeCompute.Firmware.Simulator.Fleet;

/// <summary>Gives each device its behaviours from a <see cref="SimulationPlan"/> and a seeded random source.</summary>
internal static class BehaviorAssignment
{
    public static DeviceBehavior[] Assign(IReadOnlyList<string> deviceIds, SimulationPlan plan, Random random)
    {
        var behaviors = new DeviceBehavior[deviceIds.Count];
        var free = new List<int>();
        for (var i = 0; i < deviceIds.Count; i++)
        {
            if (plan.Explicit.TryGetValue(deviceIds[i], out var fixedBehavior))
            {
                behaviors[i] = fixedBehavior;
            }
            else
            {
                free.Add(i);
            }
        }

        var lazy = Share(free.Count, plan.LazyFraction);
        var cheaters = Math.Min(free.Count - lazy, Share(free.Count, plan.CheaterFraction));
        Shuffle(free, random);
        for (var k = 0; k < lazy + cheaters; k++)
        {
            behaviors[free[k]] |= k < lazy ? DeviceBehavior.Lazy : DeviceBehavior.Cheater;
        }

        Mark(free, Share(free.Count, plan.FlakyLinkFraction), DeviceBehavior.FlakyLink, behaviors, random);
        Mark(free, Share(free.Count, plan.RebootFraction), DeviceBehavior.Reboots, behaviors, random);
        return behaviors;
    }

    private static void Mark(List<int> free, int count, DeviceBehavior behavior, DeviceBehavior[] behaviors, Random random)
    {
        Shuffle(free, random);
        for (var k = 0; k < count; k++)
        {
            behaviors[free[k]] |= behavior;
        }
    }

    private static int Share(int count, double fraction) => (int)Math.Round(count * fraction, MidpointRounding.AwayFromZero);

    private static void Shuffle(List<int> items, Random random)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
