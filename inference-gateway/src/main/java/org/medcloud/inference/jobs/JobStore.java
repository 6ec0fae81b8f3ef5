package org.medcloud.inference.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Plain JDBC access to inference_job. */
@ApplicationScoped
public class JobStore {

    private static final String COLUMNS = "id, seq, series_uid, sop_uid, model, params, handover, server_url, status, error, "
            + "result_json, legend, overlays, label_key, created_at, started_at, finished_at, owner";

    @Inject
    DataSource ds;

    public void insert(UUID id, String seriesUid, String sopUid, String model, String params, String handover, String server,
                       String owner) {
        update("INSERT INTO inference_job (id, series_uid, sop_uid, model, params, handover, server_url, status, owner) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?)", id, seriesUid, sopUid, model, params, handover, server, owner);
    }

    public Optional<Job> find(UUID id) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM inference_job WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("inference_job lookup failed", e);
        }
    }

    /** 1-based place in the queue of a queued job (0 when it is not queued). */
    public int position(Job job) {
        if (!"queued".equals(job.status())) {
            return 0;
        }
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM inference_job WHERE status = 'queued' AND seq <= ?")) {
            ps.setLong(1, job.seq());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("queue position lookup failed", e);
        }
    }

    /** Takes the oldest queued job and marks it running (safe with several gateway replicas). */
    public Optional<Job> claimNext() {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE inference_job SET status = 'running', started_at = now() "
                     + "WHERE id = (SELECT id FROM inference_job WHERE status = 'queued' ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED) "
                     + "RETURNING " + COLUMNS)) {
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("claiming a queued job failed", e);
        }
    }

    /** Jobs that were running when the process stopped go back to the queue. */
    public int requeueRunning() {
        return update("UPDATE inference_job SET status = 'queued', started_at = NULL WHERE status = 'running'");
    }

    public void succeed(UUID id, String resultJson, String legend, String overlays, String labelKey) {
        update("UPDATE inference_job SET status = 'succeeded', result_json = ?, legend = ?, overlays = ?, label_key = ?, "
                + "finished_at = now() WHERE id = ?", resultJson, legend, overlays, labelKey, id);
    }

    public void fail(UUID id, String error) {
        update("UPDATE inference_job SET status = 'failed', error = ?, finished_at = now() WHERE id = ?", error, id);
    }

    private int update(String sql, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("inference_job update failed", e);
        }
    }

    private static Job map(ResultSet rs) throws SQLException {
        return new Job((UUID) rs.getObject("id"), rs.getLong("seq"), rs.getString("series_uid"), rs.getString("sop_uid"),
                rs.getString("model"), rs.getString("params"), rs.getString("handover"), rs.getString("server_url"),
                rs.getString("status"), rs.getString("error"), rs.getString("result_json"), rs.getString("legend"),
                rs.getString("overlays"), rs.getString("label_key"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("started_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class),
                rs.getString("owner"));
    }
}
