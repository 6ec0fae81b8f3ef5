package org.medcloud.viewer.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Plain JDBC over the catalogue tables ({@code series}, {@code instance}, {@code series_metadata}). */
@ApplicationScoped
public class CatalogRepository {

    private static final String SERIES_COLUMNS = "s.series_uid, s.study_uid, s.patient_id, s.patient_name, s.collection,"
            + " s.modality, s.body_part, s.manufacturer, s.manufacturer_model, s.series_description, s.series_number,"
            + " s.study_date, s.study_description, s.index_key, s.zip_key, s.zip_size, s.zip_md5, s.instance_count,"
            + " s.stored_at, s.registered_at";

    private static final String INSTANCE_COLUMNS = "s.study_uid, i.series_uid, i.sop_uid, i.position, i.sop_class_uid,"
            + " i.instance_number, i.transfer_syntax, i.rows, i.columns, i.frames, s.zip_key, s.zip_md5, i.data_offset,"
            + " i.compressed_size, i.uncompressed_size, i.method, s.modality";

    @Inject
    DataSource dataSource;

    /** The index key the series was registered from, if its registration completed (metadata prepared). */
    public Optional<String> registeredIndexKey(String seriesUid) {
        return queryOne("SELECT s.index_key FROM series s JOIN series_metadata m ON m.series_uid = s.series_uid"
                + " WHERE s.series_uid = ?", rs -> rs.getString(1), seriesUid);
    }

    public List<String> registeredIndexKeys() {
        return query("SELECT s.index_key FROM series s JOIN series_metadata m ON m.series_uid = s.series_uid",
                rs -> rs.getString(1));
    }

    /** Replaces everything known about the series in one transaction. */
    /** Removes a series, its instances, metadata and annotations from the catalogue; false when it was not there. */
    public boolean deleteSeries(String seriesUid) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int n;
                try (PreparedStatement del = c.prepareStatement("DELETE FROM series WHERE series_uid = ?")) {
                    del.setString(1, seriesUid);
                    n = del.executeUpdate();
                }
                try (PreparedStatement del = c.prepareStatement("DELETE FROM annotation_version WHERE series_uid = ?")) {
                    del.setString(1, seriesUid);
                    del.executeUpdate();
                }
                c.commit();
                return n > 0;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("deleting series " + seriesUid + " failed: " + e.getMessage(), e);
        }
    }

    public void replaceSeries(String indexKey, IndexDocument doc, List<IndexDocument.Instance> ordered,
                              List<String> entryJsons, byte[] metadataGzip) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement del = c.prepareStatement("DELETE FROM series WHERE series_uid = ?")) {
                    del.setString(1, doc.seriesInstanceUid());
                    del.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO series (series_uid, study_uid, patient_id,"
                        + " patient_name, collection, modality, body_part, manufacturer, manufacturer_model,"
                        + " series_description, series_number, study_date, study_description, index_key, zip_key,"
                        + " zip_size, zip_md5, instance_count, stored_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                    int k = 1;
                    ps.setString(k++, doc.seriesInstanceUid());
                    ps.setString(k++, doc.studyInstanceUid());
                    ps.setString(k++, doc.patientId());
                    ps.setString(k++, doc.patientName());
                    ps.setString(k++, doc.collection());
                    ps.setString(k++, doc.modality());
                    ps.setString(k++, doc.bodyPart());
                    ps.setString(k++, doc.manufacturer());
                    ps.setString(k++, doc.manufacturerModelName());
                    ps.setString(k++, doc.seriesDescription());
                    setInt(ps, k++, doc.seriesNumber());
                    ps.setString(k++, doc.studyDate());
                    ps.setString(k++, doc.studyDescription());
                    ps.setString(k++, indexKey);
                    ps.setString(k++, doc.zipKey());
                    if (doc.zipSize() == null) {
                        ps.setNull(k++, Types.BIGINT);
                    } else {
                        ps.setLong(k++, doc.zipSize());
                    }
                    ps.setString(k++, doc.zipMd5());
                    ps.setInt(k++, ordered.size());
                    ps.setString(k, doc.storedAt());
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO instance (series_uid, sop_uid, position,"
                        + " sop_class_uid, instance_number, transfer_syntax, rows, columns, frames, entry_name,"
                        + " data_offset, compressed_size, uncompressed_size, method, md5, index_entry)"
                        + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                    for (int i = 0; i < ordered.size(); i++) {
                        IndexDocument.Instance in = ordered.get(i);
                        int k = 1;
                        ps.setString(k++, doc.seriesInstanceUid());
                        ps.setString(k++, in.sopInstanceUid());
                        ps.setInt(k++, i);
                        ps.setString(k++, in.sopClassUid());
                        setInt(ps, k++, in.instanceNumber());
                        ps.setString(k++, in.transferSyntaxUid());
                        setInt(ps, k++, in.rows());
                        setInt(ps, k++, in.columns());
                        setInt(ps, k++, in.frames());
                        ps.setString(k++, in.entryName());
                        ps.setLong(k++, in.dataOffset());
                        ps.setLong(k++, in.compressedSize());
                        if (in.uncompressedSize() == null) {
                            ps.setNull(k++, Types.BIGINT);
                        } else {
                            ps.setLong(k++, in.uncompressedSize());
                        }
                        ps.setInt(k++, in.method() == null ? 0 : in.method());
                        ps.setString(k++, in.md5());
                        ps.setString(k, entryJsons.get(i));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO series_metadata (series_uid, dicom_json) VALUES (?, ?)")) {
                    ps.setString(1, doc.seriesInstanceUid());
                    ps.setBytes(2, metadataGzip);
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("catalogue update failed: " + e.getMessage(), e);
        }
    }

    public record Page(List<SeriesRow> rows, long total) {
    }

    public Page listSeries(SeriesQuery q, String orderBy, int offset, int limit) {
        long total = queryOne("SELECT count(*) FROM series s" + q.where, rs -> rs.getLong(1), q.params.toArray())
                .orElse(0L);
        List<Object> params = new ArrayList<>(q.params);
        params.add(limit);
        params.add(offset);
        List<SeriesRow> rows = query("SELECT " + SERIES_COLUMNS + " FROM series s" + q.where + " ORDER BY " + orderBy
                + " LIMIT ? OFFSET ?", CatalogRepository::seriesRow, params.toArray());
        return new Page(rows, total);
    }

    /** All matching series (QIDO), capped. */
    public List<SeriesRow> findSeries(SeriesQuery q, int max) {
        List<Object> params = new ArrayList<>(q.params);
        params.add(max);
        return query("SELECT " + SERIES_COLUMNS + " FROM series s" + q.where
                + " ORDER BY s.study_uid, s.series_number NULLS LAST, s.series_uid LIMIT ?",
                CatalogRepository::seriesRow, params.toArray());
    }

    public Optional<SeriesRow> series(String seriesUid) {
        return queryOne("SELECT " + SERIES_COLUMNS + " FROM series s WHERE s.series_uid = ?",
                CatalogRepository::seriesRow, seriesUid);
    }

    public List<InstanceRef> instances(String seriesUid) {
        return query("SELECT " + INSTANCE_COLUMNS + " FROM instance i JOIN series s ON s.series_uid = i.series_uid"
                + " WHERE i.series_uid = ? ORDER BY i.position", CatalogRepository::instanceRef, seriesUid);
    }

    public List<String> instanceEntries(String seriesUid) {
        return query("SELECT i.index_entry FROM instance i WHERE i.series_uid = ? ORDER BY i.position",
                rs -> rs.getString(1), seriesUid);
    }

    public Optional<InstanceRef> instance(String sopUid) {
        return queryOne("SELECT " + INSTANCE_COLUMNS + " FROM instance i JOIN series s ON s.series_uid = i.series_uid"
                + " WHERE i.sop_uid = ? ORDER BY s.registered_at DESC LIMIT 1", CatalogRepository::instanceRef, sopUid);
    }

    public Optional<byte[]> metadata(String seriesUid) {
        return queryOne("SELECT dicom_json FROM series_metadata WHERE series_uid = ?", rs -> rs.getBytes(1), seriesUid);
    }

    // ------------------------------------------------------------------------------------------

    static SeriesRow seriesRow(ResultSet rs) throws SQLException {
        return new SeriesRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                (Integer) rs.getObject(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15),
                (Long) rs.getObject(16), rs.getString(17), rs.getInt(18), rs.getString(19),
                rs.getTimestamp(20).toInstant().toString());
    }

    static InstanceRef instanceRef(ResultSet rs) throws SQLException {
        return new InstanceRef(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                (Integer) rs.getObject(6), rs.getString(7), (Integer) rs.getObject(8), (Integer) rs.getObject(9),
                (Integer) rs.getObject(10), rs.getString(11), rs.getString(12), rs.getLong(13), rs.getLong(14),
                (Long) rs.getObject(15), rs.getInt(16), rs.getString(17));
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("catalogue query failed: " + e.getMessage(), e);
        }
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
    }

    static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
    }

    private static void setInt(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }
}
