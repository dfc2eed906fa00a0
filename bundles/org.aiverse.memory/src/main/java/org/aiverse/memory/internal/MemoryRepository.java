package org.aiverse.memory.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.aiverse.contracts.memory.MemoryItem;
import org.aiverse.json.Json;
import org.aiverse.snapshot.api.MemorySeal;

/** Session memories over plain JDBC (Derby and PostgreSQL), sealed with the platform's memory key. */
final class MemoryRepository implements MemoryEngineImpl.Store {

    private final DataSource dataSource;
    private final MemorySeal seal;

    MemoryRepository(DataSource dataSource, MemorySeal seal) {
        this.dataSource = dataSource;
        this.seal = seal;
    }

    private static String aad(String snapshotId, String memoryId) {
        return "memory|" + snapshotId + "|" + memoryId;
    }

    private static final String INSERT = "INSERT INTO memory_item (snapshot_id, memory_id, session_id, ts,"
            + " exportable, sealed) VALUES (?, ?, ?, ?, ?, ?)";

    @Override
    public void save(String snapshotId, String sessionId, MemoryItem m) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(INSERT)) {
            bind(ps, snapshotId, sessionId, m);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store memory " + m.id(), e);
        }
    }

    /** One transaction (one log flush) for all of them, not one per memory; all or none are stored. */
    @Override
    public void saveAll(String snapshotId, String sessionId, List<MemoryItem> memories) {
        if (memories.size() == 1) {
            save(snapshotId, sessionId, memories.get(0));
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (MemoryItem m : memories) {
                    bind(ps, snapshotId, sessionId, m);
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store " + memories.size() + " memories of session " + sessionId, e);
        }
    }

    private void bind(PreparedStatement ps, String snapshotId, String sessionId, MemoryItem m) throws SQLException {
        ps.setString(1, snapshotId);
        ps.setString(2, m.id());
        ps.setString(3, sessionId);
        ps.setLong(4, m.ts());
        ps.setBoolean(5, m.effectivePrivacy().exportable());
        ps.setString(6, seal.seal(aad(snapshotId, m.id()), Json.writeBytes(m)));
    }

    @Override
    public List<MemoryItem> bySnapshot(String snapshotId) {
        return query(
                "SELECT snapshot_id, memory_id, sealed FROM memory_item WHERE snapshot_id = ? ORDER BY ts,"
                        + " memory_id",
                snapshotId);
    }

    @Override
    public List<MemoryItem> bySession(String sessionId) {
        return query(
                "SELECT snapshot_id, memory_id, sealed FROM memory_item WHERE session_id = ? ORDER BY ts,"
                        + " memory_id",
                sessionId);
    }

    private List<MemoryItem> query(String sql, String key) {
        List<MemoryItem> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] plain = seal.open(aad(rs.getString(1), rs.getString(2)), rs.getString(3));
                    out.add(Json.read(plain, MemoryItem.class));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read memories", e);
        }
    }
}
