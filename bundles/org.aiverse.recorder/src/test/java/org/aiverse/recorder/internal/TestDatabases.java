package org.aiverse.recorder.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** Fresh databases with the recorder schema: in-memory Derby, or a new PostgreSQL database when one is reachable. */
final class TestDatabases {

    private TestDatabases() {}

    static DataSource derby() {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:rec_" + UUID.randomUUID().toString().replace("-", ""));
        ds.setCreateDatabase("create");
        migrate(ds);
        return ds;
    }

    /** A fresh PostgreSQL database, or null when the server is not reachable. */
    static DataSource postgres() {
        String host = System.getenv().getOrDefault("AIVERSE_PG_HOST", "127.0.0.1");
        String port = System.getenv().getOrDefault("AIVERSE_PG_PORT", "5432");
        String name =
                "aiverse_rec_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://" + host + ":" + port + "/postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            return null;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Connection c = DriverManager.getConnection(
                            "jdbc:postgresql://" + host + ":" + port + "/postgres", "postgres", "");
                    Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException e) {
                // best effort
            }
        }));
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl("jdbc:postgresql://" + host + ":" + port + "/" + name);
        ds.setUser("postgres");
        ds.setPassword("");
        migrate(ds);
        return ds;
    }

    static void migrate(DataSource ds) {
        StandaloneRecorder.createSchema(ds);
    }

    static int execute(DataSource ds, String sql, Object... params) {
        try (Connection c = ds.getConnection();
                java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
