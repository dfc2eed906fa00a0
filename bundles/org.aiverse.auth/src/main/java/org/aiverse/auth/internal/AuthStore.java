package org.aiverse.auth.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.aiverse.auth.api.KeyInfo;
import org.aiverse.auth.api.Revocation;
import org.aiverse.json.Json;

/** The auth tables (migrations in {@code db/migration/auth}) over plain JDBC; runs on Derby and PostgreSQL. */
final class AuthStore {

    private static final String KEY_COLUMNS = "kid, sub, alg, jwk, created_at, retired_at, revoked_at";

    private final DataSource dataSource;

    AuthStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Thrown when the database fails; the REST layer answers {@code 500 server_error}. */
    static final class StoreException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoreException(String message, SQLException cause) {
            super(message, cause);
        }
    }

    KeyInfo key(String kid) {
        List<KeyInfo> keys = keys("SELECT " + KEY_COLUMNS + " FROM auth_key WHERE kid = ?", kid);
        return keys.isEmpty() ? null : keys.get(0);
    }

    List<KeyInfo> keysOf(String sub) {
        return keys("SELECT " + KEY_COLUMNS + " FROM auth_key WHERE sub = ? ORDER BY created_at, kid", sub);
    }

    List<KeyInfo> allKeys() {
        return keys("SELECT " + KEY_COLUMNS + " FROM auth_key ORDER BY created_at, kid", null);
    }

    /**
     * Binds a key to a user and retires the user's other active keys at {@code now}, in one transaction.
     *
     * @return {@code false} when the kid is already bound (nothing changed)
     */
    boolean bind(PublicJwk key, String sub, long now) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO auth_key (" + KEY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, NULL, NULL)")) {
                    ps.setString(1, key.kid());
                    ps.setString(2, sub);
                    ps.setString(3, key.alg());
                    ps.setString(4, Json.write(key.jwk()));
                    ps.setLong(5, now);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE auth_key SET retired_at = ? WHERE sub = ? AND kid <> ? AND retired_at IS NULL")) {
                    ps.setLong(1, now);
                    ps.setString(2, sub);
                    ps.setString(3, key.kid());
                    ps.executeUpdate();
                }
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                if (duplicate(e)) {
                    return false;
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot bind key", e);
        }
    }

    void markKeyRevoked(String kid, long now) {
        update("UPDATE auth_key SET revoked_at = ? WHERE kid = ? AND revoked_at IS NULL", now, kid);
    }

    /** Records a revocation; {@code false} when it was already recorded. */
    boolean addRevocation(Revocation r) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO auth_revocation (kind, target, revoked_at, reason) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, r.kind().name());
            ps.setString(2, r.target());
            ps.setLong(3, r.ts());
            if (r.reason() == null) {
                ps.setNull(4, Types.VARCHAR);
            } else {
                ps.setString(4, r.reason().length() > 512 ? r.reason().substring(0, 512) : r.reason());
            }
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (duplicate(e)) {
                return false;
            }
            throw new StoreException("cannot record revocation", e);
        }
    }

    List<Revocation> revocations() {
        List<Revocation> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT kind, target, revoked_at, reason FROM auth_revocation ORDER BY revoked_at, target");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Revocation(
                        Revocation.Kind.valueOf(rs.getString(1)), rs.getString(2), rs.getLong(3), rs.getString(4)));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read revocations", e);
        }
    }

    /**
     * Marks a single-use token as presented.
     *
     * @return {@code false} when it had been presented before
     */
    boolean markUsed(String tokenHash, long expiresAt) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("INSERT INTO auth_used_token (token_hash, expires_at) VALUES (?, ?)")) {
            ps.setString(1, tokenHash);
            ps.setLong(2, expiresAt);
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (duplicate(e)) {
                return false;
            }
            throw new StoreException("cannot record a single-use token", e);
        }
    }

    /** Forgets single-use tokens that expired before {@code before}: they cannot be presented any more. */
    void purgeUsed(long before) {
        update("DELETE FROM auth_used_token WHERE expires_at < ?", before, null);
    }

    private void update(String sql, long number, String text) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, number);
            if (text != null) {
                ps.setString(2, text);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot update auth tables", e);
        }
    }

    private List<KeyInfo> keys(String sql, String param) {
        List<KeyInfo> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            if (param != null) {
                ps.setString(1, param);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> jwk = Json.read(rs.getString(4), new TypeReference<Map<String, Object>>() {});
                    long retired = rs.getLong(6);
                    Long retiredAt = rs.wasNull() ? null : retired;
                    long revoked = rs.getLong(7);
                    Long revokedAt = rs.wasNull() ? null : revoked;
                    out.add(new KeyInfo(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            jwk,
                            rs.getLong(5),
                            retiredAt,
                            revokedAt));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read keys", e);
        }
    }

    /** A unique-key violation, on Derby as on PostgreSQL (SQLState 23505). */
    private static boolean duplicate(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if ("23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
