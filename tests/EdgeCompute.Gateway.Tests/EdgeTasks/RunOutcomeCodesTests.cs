using EdgeCompute.Gateway.EdgeTasks;
using EdgeCompute.Wasm.Host.Running;

namespace EdgeCompute.Gateway.Tests.EdgeTasks;

/// <summary>The gateway reports a shared runner's outcome as its reason code by value: the two must name the same things.</summary>
public sealed class RunOutcomeCodesTests
{
    [Fact]
    public void Every_run_outcome_is_the_gateway_reason_code_of_the_same_name_and_value()
    {
        foreach (var outcome in Enum.GetValues<RunOutcome>())
        {
            Assert.Equal(outcome.ToString(), ((EdgeTaskReasonCode)(int)outcome).ToString());
        }
    }
}
