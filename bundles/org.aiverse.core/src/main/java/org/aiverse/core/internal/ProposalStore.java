package org.aiverse.core.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.aiverse.core.api.learning.Proposal;
import org.aiverse.json.Json;

/** Where proposals persist. */
interface ProposalStore {

    void insert(Proposal p);

    Optional<Proposal> get(String id);

    List<Proposal> bySnapshot(String snapshotId);

    /** Moves a pending proposal to its decision; false when it was not pending any more. */
    boolean decide(Proposal decided);

    /** Proposals in memory, for tests and benchmarks. */
    final class InMemory implements ProposalStore {
        private final Map<String, Proposal> all = new ConcurrentHashMap<>();

        @Override
        public void insert(Proposal p) {
            all.put(p.id(), p);
        }

        @Override
        public Optional<Proposal> get(String id) {
            return Optional.ofNullable(all.get(id));
        }

        @Override
        public List<Proposal> bySnapshot(String snapshotId) {
            List<Proposal> out = new ArrayList<>();
            for (Proposal p : all.values()) {
                if (p.snapshotId().equals(snapshotId)) {
                    out.add(p);
                }
            }
            out.sort(Comparator.comparingLong(Proposal::createdAt).reversed().thenComparing(Proposal::id));
            return out;
        }

        @Override
        public synchronized boolean decide(Proposal decided) {
            Proposal old = all.get(decided.id());
            if (old == null || !Proposal.PENDING.equals(old.status())) {
                return false;
            }
            all.put(decided.id(), decided);
            return true;
        }
    }

    /** Proposals in the platform database (module {@code core}). */
    final class Jdbc implements ProposalStore {
        private final DataSource dataSource;

        Jdbc(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        @Override
        public void insert(Proposal p) {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("INSERT INTO core_proposal (proposal_id, snapshot_id,"
                            + " base_version, session_id, owner_id, created_at, status, decided_at, result_version,"
                            + " document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, p.id());
                ps.setString(2, p.snapshotId());
                ps.setInt(3, p.baseVersion());
                ps.setString(4, p.sessionId());
                ps.setString(5, p.ownerId());
                ps.setLong(6, p.createdAt());
                ps.setString(7, p.status());
                ps.setNull(8, Types.BIGINT);
                ps.setNull(9, Types.INTEGER);
                ps.setString(10, Json.write(p));
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot store proposal " + p.id(), e);
            }
        }

        @Override
        public Optional<Proposal> get(String id) {
            List<Proposal> found = query("SELECT document FROM core_proposal WHERE proposal_id = ?", id);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }

        @Override
        public List<Proposal> bySnapshot(String snapshotId) {
            return query(
                    "SELECT document FROM core_proposal WHERE snapshot_id = ? ORDER BY created_at DESC, proposal_id",
                    snapshotId);
        }

        private List<Proposal> query(String sql, String key) {
            List<Proposal> out = new ArrayList<>();
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(Json.read(rs.getString(1), Proposal.class));
                    }
                }
                return out;
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read proposals", e);
            }
        }

        @Override
        public boolean decide(Proposal d) {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("UPDATE core_proposal SET status = ?, decided_at = ?,"
                            + " result_version = ?, document = ? WHERE proposal_id = ? AND status = ?")) {
                ps.setString(1, d.status());
                ps.setLong(2, d.decidedAt() == null ? 0 : d.decidedAt());
                if (d.resultVersion() == null) {
                    ps.setNull(3, Types.INTEGER);
                } else {
                    ps.setInt(3, d.resultVersion());
                }
                ps.setString(4, Json.write(d));
                ps.setString(5, d.id());
                ps.setString(6, Proposal.PENDING);
                return ps.executeUpdate() == 1;
            } catch (SQLException e) {
                throw new IllegalStateException("cannot update proposal " + d.id(), e);
            }
        }
    }
}
