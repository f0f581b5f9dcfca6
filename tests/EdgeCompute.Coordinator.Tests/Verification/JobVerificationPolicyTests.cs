using EdgeCompute.Coordinator.Domain.Verification;

namespace EdgeCompute.Coordinator.Tests.Verification;

public sealed class JobVerificationPolicyTests
{
    [Fact]
    public void Builds_the_verifiers_a_job_chose_with_its_parameters()
    {
        var kernels = new KernelReExecutor();
        var policy = new JobVerificationPolicy(VerificationMethod.Quorum, Quorum: 3, Replicas: 5, SamplingRate: 0.5, PowNotFound: PowNotFoundPolicy.Accept);

        Assert.Equal((3, 5), (policy.CreateQuorumVerifier().Quorum, policy.CreateQuorumVerifier().Replicas));
        Assert.Equal(0.5, policy.CreateSampler(kernels).SamplingRate);
        Assert.Equal(PowNotFoundPolicy.Accept, policy.CreatePowCheck(kernels).NotFoundPolicy);
        Assert.Throws<ArgumentOutOfRangeException>(() => (policy with { Quorum = 6 }).CreateQuorumVerifier());
    }
}
