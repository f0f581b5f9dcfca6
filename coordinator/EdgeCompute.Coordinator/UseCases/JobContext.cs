using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Storage.Work;

namespace EdgeCompute.Coordinator.UseCases;

/// <summary>A job with its decoded spec and the verification policy it runs under (cached by the work use cases).</summary>
/// <param name="Job">The stored job.</param>
/// <param name="Spec">Its spec.</param>
/// <param name="Policy">Its verification policy.</param>
internal sealed record JobContext(JobRecord Job, JobSpec Spec, JobVerificationPolicy Policy);
