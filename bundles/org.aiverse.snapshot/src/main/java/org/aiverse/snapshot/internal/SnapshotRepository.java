package org.aiverse.snapshot.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.aiverse.contracts.memory.MemoryItem;
import org.aiverse.contracts.snapshot.PersonalitySnapshot;
import org.aiverse.json.Json;
import org.aiverse.snapshot.api.RedactionStub;
import org.aiverse.snapshot.api.SnapshotSummary;

/** The snapshot tables over plain JDBC (Derby and PostgreSQL); memories sealed with {@link MemoryCipher}. */
final class SnapshotRepository {

    /** A stored version would not fit its column. */
    static final int MAX_DOCUMENT = 32000;

    private final DataSource dataSource;
    private final MemoryCipher cipher;

    SnapshotRepository(DataSource dataSource, MemoryCipher cipher) {
        this.dataSource = dataSource;
        this.cipher = cipher;
    }

    /** A version with this number exists already: versions are never overwritten. */
    static final class VersionExists extends RuntimeException {
        private static final long serialVersionUID = 1L;

        VersionExists() {
            super(null, null, false, false);
        }
    }

    private static String aad(String id, int version, String memoryId) {
        return id + "|" + version + "|" + memoryId;
    }

    void insert(PersonalitySnapshot s, String ownerKid, List<MemoryItem> memories, long now) {
        String document = Json.write(s);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO snapshot_version (snapshot_id, version,"
                        + " owner_id, owner_kid, document, updated_at, registered_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, s.id());
                    ps.setInt(2, s.version());
                    ps.setString(3, s.ownerId());
                    ps.setString(4, ownerKid);
                    ps.setString(5, document);
                    ps.setLong(6, s.updatedAt());
                    ps.setLong(7, now);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO snapshot_memory (snapshot_id, version,"
                        + " memory_id, exportable, redacted, sealed) VALUES (?, ?, ?, ?, ?, ?)")) {
                    for (MemoryItem m : memories) {
                        ps.setString(1, s.id());
                        ps.setInt(2, s.version());
                        ps.setString(3, m.id());
                        ps.setBoolean(4, m.effectivePrivacy().exportable());
                        ps.setBoolean(5, Boolean.TRUE.equals(m.redacted()));
                        ps.setString(6, cipher.seal(aad(s.id(), s.version(), m.id()), Json.writeBytes(m)));
                        ps.addBatch();
                    }
                    if (!memories.isEmpty()) {
                        ps.executeBatch();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                if (duplicate(e)) {
                    throw new VersionExists();
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store snapshot " + s.id(), e);
        }
    }

    Optional<PersonalitySnapshot> find(String id, Integer version) {
        String sql = version == null
                ? "SELECT document FROM snapshot_version WHERE snapshot_id = ? ORDER BY version DESC"
                : "SELECT document FROM snapshot_version WHERE snapshot_id = ? AND version = ?";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setMaxRows(1);
            ps.setString(1, id);
            if (version != null) {
                ps.setInt(2, version);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(Json.read(rs.getString(1), PersonalitySnapshot.class))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read snapshot " + id, e);
        }
    }

    String ownerKid(String id, int version) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT owner_kid FROM snapshot_version WHERE snapshot_id = ? AND version = ?")) {
            ps.setString(1, id);
            ps.setInt(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no version " + version + " of " + id);
                }
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read snapshot " + id, e);
        }
    }

    List<MemoryItem> memories(String id, int version) {
        List<MemoryItem> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT memory_id, sealed FROM snapshot_memory"
                        + " WHERE snapshot_id = ? AND version = ? ORDER BY memory_id")) {
            ps.setString(1, id);
            ps.setInt(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] plain = cipher.open(aad(id, version, rs.getString(1)), rs.getString(2));
                    out.add(Json.read(plain, MemoryItem.class));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read memories of " + id, e);
        }
    }

    List<SnapshotSummary> summaries() {
        List<SnapshotSummary> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT v.snapshot_id, v.owner_id, v.version, v.updated_at,"
                        + " (SELECT COUNT(*) FROM snapshot_version a WHERE a.snapshot_id = v.snapshot_id),"
                        + " (SELECT COUNT(*) FROM snapshot_memory m WHERE m.snapshot_id = v.snapshot_id"
                        + " AND m.version = v.version) FROM snapshot_version v WHERE v.version ="
                        + " (SELECT MAX(b.version) FROM snapshot_version b WHERE b.snapshot_id = v.snapshot_id)"
                        + " ORDER BY v.snapshot_id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new SnapshotSummary(
                        rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(5), rs.getInt(6), rs.getLong(4)));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list snapshots", e);
        }
    }

    /** Removes the memory's text from every version; keeps (or returns the existing) audit stub. */
    Optional<RedactionStub> redact(String id, String memoryId, long now) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<RedactionStub> existing = stub(c, id, memoryId);
                if (existing.isPresent()) {
                    c.commit();
                    return existing;
                }
                List<Object[]> rows = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT version, sealed FROM snapshot_memory WHERE snapshot_id = ? AND memory_id = ?")) {
                    ps.setString(1, id);
                    ps.setString(2, memoryId);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(new Object[] {rs.getInt(1), rs.getString(2)});
                        }
                    }
                }
                if (rows.isEmpty()) {
                    c.commit();
                    return Optional.empty();
                }
                String removed = null;
                try (PreparedStatement ps = c.prepareStatement("UPDATE snapshot_memory SET sealed = ?, redacted = ?"
                        + " WHERE snapshot_id = ? AND version = ? AND memory_id = ?")) {
                    for (Object[] row : rows) {
                        int version = (Integer) row[0];
                        MemoryItem m =
                                Json.read(cipher.open(aad(id, version, memoryId), (String) row[1]), MemoryItem.class);
                        if (removed == null && m.text() != null) {
                            removed = m.text();
                        }
                        MemoryItem redacted = new MemoryItem(
                                m.id(),
                                m.ts(),
                                null,
                                m.source(),
                                m.salience(),
                                m.emotion(),
                                null,
                                m.tags(),
                                m.privacy(),
                                m.retention(),
                                m.links(),
                                m.checksum(),
                                true);
                        ps.setString(1, cipher.seal(aad(id, version, memoryId), Json.writeBytes(redacted)));
                        ps.setBoolean(2, true);
                        ps.setString(3, id);
                        ps.setInt(4, version);
                        ps.setString(5, memoryId);
                        ps.executeUpdate();
                    }
                }
                RedactionStub stub =
                        new RedactionStub(memoryId, now, "sha256:" + sha256(removed == null ? "" : removed));
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO snapshot_redaction (snapshot_id, memory_id, ts, checksum) VALUES (?, ?, ?, ?)")) {
                    ps.setString(1, id);
                    ps.setString(2, memoryId);
                    ps.setLong(3, stub.ts());
                    ps.setString(4, stub.checksum());
                    ps.executeUpdate();
                }
                c.commit();
                return Optional.of(stub);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot redact " + memoryId, e);
        }
    }

    private static Optional<RedactionStub> stub(Connection c, String id, String memoryId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT ts, checksum FROM snapshot_redaction WHERE snapshot_id = ? AND memory_id = ?")) {
            ps.setString(1, id);
            ps.setString(2, memoryId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new RedactionStub(memoryId, rs.getLong(1), rs.getString(2)))
                        : Optional.empty();
            }
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean duplicate(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if ("23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
