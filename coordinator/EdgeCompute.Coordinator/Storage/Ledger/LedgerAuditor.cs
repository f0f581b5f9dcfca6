using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.Storage.Ledger;

/// <summary>
/// Audits the ledger the way <c>edgecompute ledger verify</c> does (<see cref="LedgerAudit.VerifyAsync"/>: the hash chain,
/// conservation, every signed epoch statement and its payouts) while the coordinator runs, at start and then every
/// <c>LedgerAuditInterval</c>, and keeps the last result for the API (<c>GET /api/ledger/audit</c>), the dashboard and
/// the log (a failed audit is an error line naming the first entry or epoch at fault).
/// </summary>
public sealed class LedgerAuditor
{
    private readonly ILedgerStore _ledger;
    private readonly ECDsa _coordinatorKey;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private LedgerAuditRecord? _last;

    /// <summary>Creates an auditor.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="coordinatorKey">The coordinator's public key, which signs the statements.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The log.</param>
    public LedgerAuditor(ILedgerStore ledger, ECDsa coordinatorKey, TimeProvider time, ILogger logger)
    {
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _coordinatorKey = coordinatorKey ?? throw new ArgumentNullException(nameof(coordinatorKey));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Gets the last audit, or null before the first.</summary>
    public LedgerAuditRecord? Last => Volatile.Read(ref _last);

    /// <summary>Audits the ledger now and keeps the result.</summary>
    /// <param name="cancellationToken">Cancels the audit (nothing is kept then).</param>
    /// <returns>The result.</returns>
    public async Task<LedgerAuditRecord> RunAsync(CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        var report = await LedgerAudit.VerifyAsync(_ledger, _coordinatorKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        var record = new LedgerAuditRecord(_time.GetUtcNow(), report, _time.GetElapsedTime(started));
        Volatile.Write(ref _last, record);
        if (report.IsValid)
        {
            _logger.LogInformation("Ledger audit passed: {Entries} entries and {Statements} statements checked in {Ms:0} ms", report.EntriesChecked, report.StatementsChecked,
                record.Took.TotalMilliseconds);
        }
        else
        {
            _logger.LogError("Ledger audit FAILED ({Reason}): {Detail}", report.ReasonCode, report.Detail);
        }

        return record;
    }
}
