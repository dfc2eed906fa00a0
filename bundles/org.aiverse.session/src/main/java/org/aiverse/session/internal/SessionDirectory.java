package org.aiverse.session.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.aiverse.auth.api.Consent;
import org.aiverse.contracts.api.SessionState;
import org.aiverse.json.Json;
import org.aiverse.session.api.StartOptions;

/**
 * The cluster's session directory in the shared database (tables {@code session_node} and {@code session_owner}):
 * which node owns each session and at which URL it answers, the nodes' leases, and what a survivor needs to run a
 * dead node's session again. Plain JDBC, portable between Derby and PostgreSQL; every claim is one conditional
 * {@code UPDATE}, so the database decides which node wins.
 */
final class SessionDirectory {

    /**
     * A node of the cluster: its beat counts its lease renewals (see {@link Liveness}); {@code lastSeen} is its
     * own wall clock at the last renewal, for operators only.
     */
    record Node(String id, String url, long beat, long lastSeen) {}

    /** A session's row: its owner and what it runs under. */
    record Entry(
            String sessionId,
            String nodeId,
            int epoch,
            SessionState state,
            boolean stopped,
            Consent consent,
            List<String> capabilities,
            StartOptions options,
            Integer snapshotVersion,
            long updatedAt) {}

    private final DataSource dataSource;

    SessionDirectory(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    // ------------------------------------------------------------------ nodes

    /** Creates or renews this node's lease: one more beat. */
    void renew(String nodeId, String url, long now) {
        try (Connection c = dataSource.getConnection()) {
            if (update(
                            c,
                            "UPDATE session_node SET beat = beat + 1, last_seen = ?, url = ? WHERE node_id = ?",
                            now,
                            url,
                            nodeId)
                    == 0) {
                update(
                        c,
                        "INSERT INTO session_node (node_id, url, started_at, last_seen) VALUES (?, ?, ?, ?)",
                        nodeId,
                        url,
                        now,
                        now);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("node lease of " + nodeId + " not renewed: " + e.getMessage(), e);
        }
    }

    /** Ends this node's lease at once (clean shutdown): its sessions are terminated, nothing to take over. */
    void leave(String nodeId) {
        run("DELETE FROM session_node WHERE node_id = ?", nodeId);
    }

    /** Every node with a lease row, alive or not. */
    List<Node> nodes() {
        List<Node> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT node_id, url, beat, last_seen FROM session_node ORDER BY node_id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Node(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("session nodes unreadable: " + e.getMessage(), e);
        }
        return out;
    }

    Optional<Node> node(String nodeId) {
        return nodes().stream().filter(n -> n.id().equals(nodeId)).findFirst();
    }

    /**
     * Forgets a dead node once none of its sessions is left to take over, unless it beat again since it was judged
     * dead.
     */
    void forgetDead(Node dead) {
        run(
                "DELETE FROM session_node WHERE node_id = ? AND beat = ? AND NOT EXISTS (SELECT 1 FROM session_owner o"
                        + " WHERE o.node_id = session_node.node_id AND o.state IN ('creating', 'running', 'paused'))",
                dead.id(),
                dead.beat());
    }

    // ------------------------------------------------------------------ sessions

    /** Registers a session this node has just started. */
    void register(
            String sessionId,
            String nodeId,
            SessionState state,
            Consent consent,
            List<String> capabilities,
            StartOptions options,
            int snapshotVersion,
            long now) {
        run(
                "INSERT INTO session_owner (session_id, node_id, epoch, state, stopped, owner_sub, consent_session_id,"
                        + " kid, consent_exp, scopes, capabilities, options, snapshot_version, created_at, updated_at)"
                        + " VALUES (?, ?, 0, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                sessionId,
                nodeId,
                state.wire(),
                consent.sub(),
                consent.sessionId(),
                consent.kid(),
                consent.exp(),
                String.join(" ", consent.scopes()),
                String.join(" ", capabilities),
                Json.write(options),
                snapshotVersion,
                now,
                now);
    }

    /**
     * Records a transition, and the consent the session now runs under (a resume after a stop brings a fresh one),
     * only while {@code nodeId} still owns the session.
     *
     * @return whether this node still owns the session
     */
    boolean update(String sessionId, String nodeId, SessionState state, boolean stopped, Consent consent, long now) {
        try (Connection c = dataSource.getConnection()) {
            return update(
                            c,
                            "UPDATE session_owner SET state = ?, stopped = ?, consent_session_id = ?, kid = ?,"
                                    + " consent_exp = ?, scopes = ?, updated_at = ? WHERE session_id = ? AND node_id = ?",
                            state.wire(),
                            stopped ? 1 : 0,
                            consent.sessionId(),
                            consent.kid(),
                            consent.exp(),
                            String.join(" ", consent.scopes()),
                            now,
                            sessionId,
                            nodeId)
                    == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("session " + sessionId + " not updated: " + e.getMessage(), e);
        }
    }

    Optional<Entry> find(String sessionId) {
        List<Entry> found = select("WHERE session_id = ?", sessionId);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The live (creating, running, paused) sessions a node owns. */
    List<Entry> liveOf(String nodeId) {
        return select("WHERE node_id = ? AND state IN ('creating', 'running', 'paused')", nodeId);
    }

    /** The live sessions of nodes that left (or were forgotten): their owner has no lease row at all. */
    List<Entry> leftBehind() {
        return select("WHERE state IN ('creating', 'running', 'paused') AND node_id NOT IN"
                + " (SELECT n.node_id FROM session_node n)");
    }

    /** A user's sessions on every node, newest first. */
    List<Entry> ofUser(String sub, int limit) {
        List<Entry> all = select("WHERE owner_sub = ? ORDER BY updated_at DESC", sub);
        return all.size() > limit ? all.subList(0, limit) : all;
    }

    /**
     * Claims a dead node's session for {@code nodeId}: one conditional {@code UPDATE} on the previous owner and
     * epoch, so of several survivors exactly one wins.
     *
     * @return the claimed row (with its new owner and epoch), or empty when another node was first
     */
    Optional<Entry> claim(Entry dead, String nodeId, long now) {
        try (Connection c = dataSource.getConnection()) {
            int n = update(
                    c,
                    "UPDATE session_owner SET node_id = ?, epoch = ?, updated_at = ?"
                            + " WHERE session_id = ? AND node_id = ? AND epoch = ?",
                    nodeId,
                    dead.epoch() + 1,
                    now,
                    dead.sessionId(),
                    dead.nodeId(),
                    dead.epoch());
            return n == 1 ? find(dead.sessionId()) : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("session " + dead.sessionId() + " not claimed: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ JDBC

    private List<Entry> select(String where, Object... args) {
        List<Entry> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT session_id, node_id, epoch, state, stopped, owner_sub,"
                                + " consent_session_id, kid, consent_exp, scopes, capabilities, options, snapshot_version,"
                                + " updated_at"
                                + " FROM session_owner " + where)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getInt(3),
                            SessionState.fromWire(rs.getString(4)),
                            rs.getInt(5) != 0,
                            new Consent(
                                    rs.getString(6),
                                    rs.getString(7),
                                    words(rs.getString(10)),
                                    rs.getString(8),
                                    rs.getLong(9)),
                            words(rs.getString(11)),
                            Json.read(rs.getString(12), StartOptions.class),
                            (Integer) rs.getObject(13),
                            rs.getLong(14)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("session directory unreadable: " + e.getMessage(), e);
        }
        return out;
    }

    private void run(String sql, Object... args) {
        try (Connection c = dataSource.getConnection()) {
            update(c, sql, args);
        } catch (SQLException e) {
            throw new IllegalStateException("session directory not updated: " + e.getMessage(), e);
        }
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    private static List<String> words(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.asList(s.trim().split(" "));
    }

    /** For the sessions list of another node's session. */
    static Map<String, Object> listItem(Entry e) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", e.sessionId());
        item.put("state", e.state().wire());
        item.put("ts", e.updatedAt() / 1000);
        item.put("snapshot_id", e.options().snapshotId());
        item.put("world_id", e.options().worldId());
        item.put("mode", e.options().mode() == null ? null : e.options().mode().wire());
        item.put("stopped", e.stopped());
        item.put("node", e.nodeId());
        return item;
    }
}
