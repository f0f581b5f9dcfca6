using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Storage.Work;

namespace EdgeCompute.Coordinator.Tests.Settlement;

/// <summary>Work credits and completed jobs held in memory, filtered by time range as the work store does.</summary>
internal sealed class FakeWorkCreditReader : IWorkCreditReader
{
    public List<WorkCreditRecord> Credits { get; } = [];

    public List<JobRecord> Jobs { get; } = [];

    public int Reads { get; private set; }

    public Task<IReadOnlyList<WorkCreditRecord>> ReadWorkCreditsAsync(long fromMs, long toMs, CancellationToken cancellationToken = default)
    {
        Reads++;
        return Task.FromResult<IReadOnlyList<WorkCreditRecord>>(Credits.Where(c => c.VerifiedMs >= fromMs && c.VerifiedMs < toMs).ToList());
    }

    public Task<IReadOnlyList<JobRecord>> ReadEndedJobsAsync(long fromMs, long toMs, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<JobRecord>>(Jobs.Where(j => j.Status is JobStatus.Completed or JobStatus.Failed or JobStatus.Cancelled && j.FinishedMs >= fromMs && j.FinishedMs < toMs).ToList());
}
