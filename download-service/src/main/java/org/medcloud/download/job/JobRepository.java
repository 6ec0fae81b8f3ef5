package org.medcloud.download.job;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Plain JDBC access to download_job / download_series. Every state change of a claimed series is
 * conditional on the lease owner and a non-terminal state, so a worker that lost its lease (or
 * whose series was cancelled) changes nothing.
 */
@ApplicationScoped
public class JobRepository {

    public record JobRow(UUID id, Instant createdAt, boolean force, String source, String owner) {
    }

    private static final String SERIES_COLUMNS = "s.id, s.job_id, s.position, s.series_uid, s.state, s.attempts, "
            + "s.next_attempt_at, s.lease_owner, s.lease_until, s.collection, s.patient_id, s.study_uid, "
            + "s.expected_instances, s.expected_bytes, s.bytes_done, s.instances_done, s.attempt_started_at, "
            + "s.finished_at, s.zip_key, s.index_key, s.zip_size, s.zip_md5, s.reused, s.message, s.handover_state, "
            + "s.updated_at, j.force";

    @Inject
    DataSource ds;

    /** A stored copy of a series that a new job can reuse. */
    public record Reusable(String collection, String patientId, String studyUid, String zipKey, String indexKey,
                           Long zipSize, String zipMd5, int instances) {
    }

    public void insertJob(UUID id, boolean force, String source, String owner, List<String> uids,
                          java.util.Map<String, Reusable> reuse) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO download_job (id, force, source, owner) VALUES (?, ?, ?, ?)")) {
                    ps.setObject(1, id);
                    ps.setBoolean(2, force);
                    ps.setString(3, source);
                    ps.setString(4, owner);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO download_series (job_id, position, series_uid, state, "
                        + "collection, patient_id, study_uid, zip_key, index_key, zip_size, zip_md5, reused, bytes_done, "
                        + "instances_done, expected_instances, expected_bytes, finished_at, message) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    int pos = 0;
                    for (String uid : uids) {
                        Reusable r = reuse.get(uid);
                        ps.setObject(1, id);
                        ps.setInt(2, pos++);
                        ps.setString(3, uid);
                        ps.setString(4, r == null ? "queued" : "complete");
                        ps.setString(5, r == null ? null : r.collection());
                        ps.setString(6, r == null ? null : r.patientId());
                        ps.setString(7, r == null ? null : r.studyUid());
                        ps.setString(8, r == null ? null : r.zipKey());
                        ps.setString(9, r == null ? null : r.indexKey());
                        setLong(ps, 10, r == null ? null : r.zipSize());
                        ps.setString(11, r == null ? null : r.zipMd5());
                        ps.setBoolean(12, r != null);
                        ps.setLong(13, r == null || r.zipSize() == null ? 0 : r.zipSize());
                        ps.setInt(14, r == null ? 0 : r.instances());
                        setInt(ps, 15, r == null ? null : r.instances());
                        setLong(ps, 16, r == null ? null : r.zipSize());
                        ps.setTimestamp(17, r == null ? null : Timestamp.from(Instant.now()));
                        ps.setString(18, r == null ? null : "already stored; not downloaded again (use force=true to download anyway)");
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("storing the job failed: " + e.getMessage(), e);
        }
    }

    /** The newest complete copy of a series known to the catalogue. */
    public Optional<Reusable> findComplete(String seriesUid) {
        return query("SELECT collection, patient_id, study_uid, zip_key, index_key, zip_size, zip_md5, instances_done "
                + "FROM download_series WHERE series_uid = ? AND state = 'complete' AND index_key IS NOT NULL "
                + "ORDER BY finished_at DESC NULLS LAST LIMIT 1", ps -> ps.setString(1, seriesUid),
                rs -> new Reusable(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        (Long) rs.getObject(6), rs.getString(7), rs.getInt(8))).stream().findFirst();
    }

    public Optional<JobRow> findJob(UUID id) {
        return query("SELECT id, created_at, force, source, owner FROM download_job WHERE id = ?", ps -> ps.setObject(1, id),
                JobRepository::jobRow).stream().findFirst();
    }

    private static JobRow jobRow(ResultSet rs) throws SQLException {
        return new JobRow((UUID) rs.getObject(1), rs.getTimestamp(2).toInstant(), rs.getBoolean(3), rs.getString(4),
                rs.getString(5));
    }

    /** Newest first; only {@code owner}'s jobs unless it is null (an admin sees every job). */
    public List<JobRow> listJobs(int offset, int limit, String owner) {
        return query("SELECT id, created_at, force, source, owner FROM download_job"
                        + (owner == null ? "" : " WHERE owner = ?") + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?",
                ps -> {
                    int i = 1;
                    if (owner != null) {
                        ps.setString(i++, owner);
                    }
                    ps.setInt(i++, limit);
                    ps.setInt(i, offset);
                },
                JobRepository::jobRow);
    }

    public long countJobs(String owner) {
        return query("SELECT count(*) FROM download_job" + (owner == null ? "" : " WHERE owner = ?"),
                ps -> {
                    if (owner != null) {
                        ps.setString(1, owner);
                    }
                }, rs -> rs.getLong(1)).get(0);
    }

    public List<SeriesRow> seriesOfJobs(List<UUID> jobIds) {
        if (jobIds.isEmpty()) {
            return List.of();
        }
        return query("SELECT " + SERIES_COLUMNS + " FROM download_series s JOIN download_job j ON j.id = s.job_id "
                + "WHERE s.job_id = ANY (?) ORDER BY s.job_id, s.position", ps -> ps.setArray(1,
                        ps.getConnection().createArrayOf("uuid", jobIds.toArray())), JobRepository::series);
    }

    public List<SeriesRow> seriesOfJob(UUID jobId) {
        return query("SELECT " + SERIES_COLUMNS + " FROM download_series s JOIN download_job j ON j.id = s.job_id "
                + "WHERE s.job_id = ? ORDER BY s.position", ps -> ps.setObject(1, jobId), JobRepository::series);
    }

    public Optional<SeriesRow> series(long id) {
        return query("SELECT " + SERIES_COLUMNS + " FROM download_series s JOIN download_job j ON j.id = s.job_id "
                + "WHERE s.id = ?", ps -> ps.setLong(1, id), JobRepository::series).stream().findFirst();
    }

    /** Series changed after {@code since} (for the global event stream), oldest change first. */
    public List<SeriesRow> seriesChangedSince(Instant since, int limit, String owner) {
        return query("SELECT " + SERIES_COLUMNS + " FROM download_series s JOIN download_job j ON j.id = s.job_id "
                + "WHERE s.updated_at > ?" + (owner == null ? "" : " AND j.owner = ?") + " ORDER BY s.updated_at LIMIT ?",
                ps -> {
                    int i = 1;
                    ps.setTimestamp(i++, Timestamp.from(since));
                    if (owner != null) {
                        ps.setString(i++, owner);
                    }
                    ps.setInt(i, limit);
                }, JobRepository::series);
    }

    public Instant dbNow() {
        return query("SELECT now()", ps -> { }, rs -> rs.getTimestamp(1).toInstant()).get(0);
    }

    /**
     * Claims one series for {@code owner}: a queued one whose time has come, or one whose lease
     * expired (its worker died). Rows locked by another claimer are skipped, never waited for.
     * A series that another live worker is downloading under another job waits (it will be reused).
     */
    public Optional<SeriesRow> claim(String owner, Duration lease) {
        String sql = "WITH c AS (SELECT x.id FROM download_series x "
                + " WHERE ((x.state = 'queued' AND x.next_attempt_at <= now()) "
                + "     OR (x.state IN ('downloading', 'verifying') AND x.lease_until < now())) "
                + "   AND NOT EXISTS (SELECT 1 FROM download_series o WHERE o.series_uid = x.series_uid AND o.id <> x.id "
                + "     AND o.state IN ('downloading', 'verifying') AND o.lease_until >= now()) "
                + " ORDER BY x.next_attempt_at, x.id LIMIT 1 FOR UPDATE SKIP LOCKED) "
                + "UPDATE download_series s SET state = 'downloading', lease_owner = ?, "
                + " lease_until = now() + (? * INTERVAL '1 millisecond'), attempts = s.attempts + 1, "
                + " attempt_started_at = now(), bytes_done = 0, instances_done = 0, updated_at = now() "
                + "FROM c WHERE s.id = c.id RETURNING s.id";
        List<Long> ids = query(sql, ps -> {
            ps.setString(1, owner);
            ps.setLong(2, lease.toMillis());
        }, rs -> rs.getLong(1));
        return ids.isEmpty() ? Optional.empty() : series(ids.get(0));
    }

    /** Renews the lease and writes progress; false when the series is no longer ours (cancelled or reclaimed). */
    public boolean heartbeat(long id, String owner, Duration lease, SeriesState state, long bytes, int instances) {
        return update("UPDATE download_series SET lease_until = now() + (? * INTERVAL '1 millisecond'), state = ?, "
                + "bytes_done = ?, instances_done = ?, updated_at = now() "
                + "WHERE id = ? AND lease_owner = ? AND state IN ('downloading', 'verifying')", ps -> {
                    ps.setLong(1, lease.toMillis());
                    ps.setString(2, state.name());
                    ps.setLong(3, bytes);
                    ps.setInt(4, instances);
                    ps.setLong(5, id);
                    ps.setString(6, owner);
                }) == 1;
    }

    public boolean saveMetadata(long id, String owner, String collection, String patientId, String studyUid,
                                Integer expectedInstances, Long expectedBytes) {
        return update("UPDATE download_series SET collection = ?, patient_id = ?, study_uid = ?, expected_instances = ?, "
                + "expected_bytes = ?, updated_at = now() WHERE id = ? AND lease_owner = ? AND state IN ('downloading', 'verifying')",
                ps -> {
                    ps.setString(1, collection);
                    ps.setString(2, patientId);
                    ps.setString(3, studyUid);
                    setInt(ps, 4, expectedInstances);
                    setLong(ps, 5, expectedBytes);
                    ps.setLong(6, id);
                    ps.setString(7, owner);
                }) == 1;
    }

    public boolean complete(long id, String owner, String zipKey, String indexKey, long zipSize, String zipMd5,
                            int instances, boolean reused, String message) {
        return update("UPDATE download_series SET state = 'complete', zip_key = ?, index_key = ?, zip_size = ?, zip_md5 = ?, "
                + "instances_done = ?, bytes_done = ?, reused = ?, message = ?, finished_at = now(), lease_owner = NULL, "
                + "lease_until = NULL, handover_state = 'pending', handover_attempts = 0, handover_next_at = now(), "
                + "updated_at = now() WHERE id = ? AND lease_owner = ? AND state IN ('downloading', 'verifying')", ps -> {
                    ps.setString(1, zipKey);
                    ps.setString(2, indexKey);
                    ps.setLong(3, zipSize);
                    ps.setString(4, zipMd5);
                    ps.setInt(5, instances);
                    ps.setLong(6, zipSize);
                    ps.setBoolean(7, reused);
                    ps.setString(8, message);
                    ps.setLong(9, id);
                    ps.setString(10, owner);
                }) == 1;
    }

    /** Back to the queue after a failed attempt. */
    public boolean requeue(long id, String owner, Duration delay, String message) {
        return update("UPDATE download_series SET state = 'queued', next_attempt_at = now() + (? * INTERVAL '1 millisecond'), "
                + "lease_owner = NULL, lease_until = NULL, message = ?, updated_at = now() "
                + "WHERE id = ? AND lease_owner = ? AND state IN ('downloading', 'verifying')", ps -> {
                    ps.setLong(1, delay.toMillis());
                    ps.setString(2, message);
                    ps.setLong(3, id);
                    ps.setString(4, owner);
                }) == 1;
    }

    /** Hands a claimed series back untouched (graceful shutdown): the attempt does not count. */
    public boolean release(long id, String owner) {
        return update("UPDATE download_series SET state = 'queued', next_attempt_at = now(), attempts = GREATEST(attempts - 1, 0), "
                + "lease_owner = NULL, lease_until = NULL, bytes_done = 0, instances_done = 0, updated_at = now() "
                + "WHERE id = ? AND lease_owner = ? AND state IN ('downloading', 'verifying')", ps -> {
                    ps.setLong(1, id);
                    ps.setString(2, owner);
                }) == 1;
    }

    public boolean fail(long id, String owner, String message) {
        return update("UPDATE download_series SET state = 'failed', message = ?, finished_at = now(), lease_owner = NULL, "
                + "lease_until = NULL, updated_at = now() WHERE id = ? AND lease_owner = ? AND state IN ('downloading', 'verifying')",
                ps -> {
                    ps.setString(1, message);
                    ps.setLong(2, id);
                    ps.setString(3, owner);
                }) == 1;
    }

    public int cancel(UUID jobId) {
        return update("UPDATE download_series SET state = 'cancelled', message = 'cancelled by request', finished_at = now(), "
                + "lease_owner = NULL, lease_until = NULL, updated_at = now() "
                + "WHERE job_id = ? AND state IN ('queued', 'downloading', 'verifying')", ps -> ps.setObject(1, jobId));
    }

    public int retry(UUID jobId) {
        return update("UPDATE download_series SET state = 'queued', attempts = 0, next_attempt_at = now(), message = NULL, "
                + "finished_at = NULL, bytes_done = 0, instances_done = 0, updated_at = now() "
                + "WHERE job_id = ? AND state IN ('failed', 'cancelled')", ps -> ps.setObject(1, jobId));
    }

    /** Completed series whose viewer hand-over is due; pushes their next time forward so others skip them. */
    public List<SeriesRow> claimHandovers(int limit, Duration retryIn) {
        List<Long> ids = query("WITH c AS (SELECT id FROM download_series WHERE handover_state = 'pending' "
                + "AND handover_next_at <= now() ORDER BY handover_next_at LIMIT ? FOR UPDATE SKIP LOCKED) "
                + "UPDATE download_series s SET handover_next_at = now() + (? * INTERVAL '1 millisecond'), "
                + "handover_attempts = s.handover_attempts + 1 FROM c WHERE s.id = c.id RETURNING s.id", ps -> {
                    ps.setInt(1, limit);
                    ps.setLong(2, retryIn.toMillis());
                }, rs -> rs.getLong(1));
        List<SeriesRow> rows = new ArrayList<>();
        for (long id : ids) {
            series(id).ifPresent(rows::add);
        }
        return rows;
    }

    public int handoverAttempts(long id) {
        return query("SELECT handover_attempts FROM download_series WHERE id = ?", ps -> ps.setLong(1, id),
                rs -> rs.getInt(1)).stream().findFirst().orElse(0);
    }

    public void handoverDone(long id, String state) {
        update("UPDATE download_series SET handover_state = ? WHERE id = ?", ps -> {
            ps.setString(1, state);
            ps.setLong(2, id);
        });
    }

    // ---- helpers

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    <T> List<T> query(String sql, Binder binder, Mapper<T> mapper) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database query failed: " + e.getMessage(), e);
        }
    }

    int update(String sql, Binder binder) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("database update failed: " + e.getMessage(), e);
        }
    }

    private static SeriesRow series(ResultSet rs) throws SQLException {
        return new SeriesRow(rs.getLong(1), (UUID) rs.getObject(2), rs.getInt(3), rs.getString(4),
                SeriesState.valueOf(rs.getString(5)), rs.getInt(6), ts(rs, 7), rs.getString(8), ts(rs, 9),
                rs.getString(10), rs.getString(11), rs.getString(12), (Integer) rs.getObject(13), (Long) rs.getObject(14),
                rs.getLong(15), rs.getInt(16), ts(rs, 17), ts(rs, 18), rs.getString(19), rs.getString(20),
                (Long) rs.getObject(21), rs.getString(22), rs.getBoolean(23), rs.getString(24), rs.getString(25),
                ts(rs, 26), rs.getBoolean(27));
    }

    private static Instant ts(ResultSet rs, int i) throws SQLException {
        Timestamp t = rs.getTimestamp(i);
        return t == null ? null : t.toInstant();
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    private static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, v);
        }
    }
}
