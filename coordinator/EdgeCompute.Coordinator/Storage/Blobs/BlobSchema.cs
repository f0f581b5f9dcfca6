namespace EdgeCompute.Coordinator.Storage.Blobs;

/// <summary>
/// The blob tables (both dialects, differing only in column types). <c>blob_objects</c>: one row per stored blob with its
/// chunk manifest. <c>blob_holdings</c>: who holds what (the per-owner deduplication, the HEAD answer and the quota's
/// terms); <c>blob_usage</c>: each owner's held bytes, kept in step with the holdings so the quota check is one
/// compare-and-set. <c>blob_job_refs</c>: which job names which hash, and when the job's hold on it ends.
/// <c>blob_chunks</c> holds the bytes when they live in PostgreSQL.
/// </summary>
internal static class BlobSchema
{
    /// <summary>SQLite types.</summary>
    public static readonly string Sqlite = Build("TEXT", "INTEGER", "BLOB");

    /// <summary>PostgreSQL types (ids compare bytewise, as in SQLite), and the table of chunk bytes.</summary>
    public static readonly string Postgres = Build("TEXT COLLATE \"C\"", "BIGINT", "BYTEA") + """

        CREATE TABLE IF NOT EXISTS blob_chunks (sha256 TEXT COLLATE "C" NOT NULL, idx INTEGER NOT NULL, bytes BYTEA NOT NULL, PRIMARY KEY (sha256, idx));
        """;

    private static string Build(string id, string integer, string blob) => $"""
        CREATE TABLE IF NOT EXISTS blob_objects (
            sha256 {id} PRIMARY KEY, size {integer} NOT NULL CHECK (size >= 0), chunks {blob} NOT NULL, stored_ms {integer} NOT NULL);
        CREATE TABLE IF NOT EXISTS blob_holdings (
            owner {id} NOT NULL, sha256 {id} NOT NULL, size {integer} NOT NULL, held_ms {integer} NOT NULL,
            PRIMARY KEY (owner, sha256));
        CREATE INDEX IF NOT EXISTS blob_holdings_hash ON blob_holdings (sha256);
        CREATE TABLE IF NOT EXISTS blob_usage (owner {id} PRIMARY KEY, used_bytes {integer} NOT NULL CHECK (used_bytes >= 0));
        CREATE TABLE IF NOT EXISTS blob_job_refs (
            job_id {id} NOT NULL, owner {id} NOT NULL, sha256 {id} NOT NULL, referenced_ms {integer} NOT NULL, release_ms {integer},
            PRIMARY KEY (job_id, sha256));
        CREATE INDEX IF NOT EXISTS blob_job_refs_holding ON blob_job_refs (owner, sha256);
        CREATE INDEX IF NOT EXISTS blob_job_refs_release ON blob_job_refs (release_ms);
        """;
}
