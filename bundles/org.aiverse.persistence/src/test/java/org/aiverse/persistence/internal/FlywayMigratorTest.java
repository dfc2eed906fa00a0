package org.aiverse.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.aiverse.persistence.SchemaVersion;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/** The same migrations against the embedded database and against the machine's PostgreSQL server. */
class FlywayMigratorTest {

    /** Each test gets a database of its own. */
    abstract static class Contract {
        abstract DataSource freshDatabase() throws SQLException;

        @Test
        void platformMigrationsApplyOnceAndCreateTheirTables() throws SQLException {
            DataSource ds = freshDatabase();
            ClassLoader cl = FlywayMigratorTest.class.getClassLoader();
            SchemaVersion first = FlywayMigrator.migrate(ds, "platform", cl);
            assertThat(first.version()).isEqualTo("1");
            assertThat(first.applied()).isEqualTo(1);

            SchemaVersion again = FlywayMigrator.migrate(ds, "platform", cl);
            assertThat(again.applied()).isZero();
            assertThat(again.version()).isEqualTo("1");

            try (Connection c = ds.getConnection();
                    PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO platform_node (node_id, version, started_at, last_seen) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, "n1");
                insert.setString(2, "0.1.0");
                insert.setLong(3, 1712345000L);
                insert.setLong(4, 1712345001L);
                assertThat(insert.executeUpdate()).isEqualTo(1);
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT last_seen FROM platform_node WHERE node_id = 'n1'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(1712345001L);
                }
            }
        }

        @Test
        void aSecondModuleMigratesBesideTheFirstWithItsOwnHistory() throws SQLException {
            DataSource ds = freshDatabase();
            ClassLoader cl = FlywayMigratorTest.class.getClassLoader();
            FlywayMigrator.migrate(ds, "platform", cl);
            SchemaVersion sample = FlywayMigrator.migrate(ds, "sample", cl);
            assertThat(sample.version()).isEqualTo("3");
            assertThat(sample.applied()).isEqualTo(3);
            try (Connection c = ds.getConnection();
                    Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO sample_item (id, amount, note) VALUES ('a', 12.50, 'x')");
                // ${bytes} became a bytes column on this database: 32,672 of them go in and come back
                byte[] data = new byte[32_672];
                new java.util.Random(7).nextBytes(data);
                try (PreparedStatement ps = c.prepareStatement("UPDATE sample_item SET data = ? WHERE id = 'a'")) {
                    ps.setBytes(1, data);
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                }
                try (ResultSet rs = s.executeQuery("SELECT data FROM sample_item WHERE id = 'a'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBytes(1)).isEqualTo(data);
                }
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"sample_schema_history\"")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(2);
                }
            }
        }

        @Test
        void aModuleNameThatIsNotAnIdentifierIsRefused() throws SQLException {
            DataSource ds = freshDatabase();
            assertThatThrownBy(() -> FlywayMigrator.migrate(
                            ds, "x; DROP TABLE y", getClass().getClassLoader()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("module");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnEmbeddedDerby extends Contract {
        @TempDir
        Path dir;

        @Override
        DataSource freshDatabase() {
            EmbeddedDataSource ds = new EmbeddedDataSource();
            ds.setDatabaseName(dir.resolve("db-" + UUID.randomUUID()).toString());
            ds.setCreateDatabase("create");
            return ds;
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnPostgreSql extends Contract {
        private final List<String> created = new ArrayList<>();

        @Override
        DataSource freshDatabase() throws SQLException {
            String database = "aiverse_ut_"
                    + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            admin("CREATE DATABASE " + database);
            created.add(database);
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(PostgresTestServer.url(database));
            ds.setUser("postgres");
            return ds;
        }

        @AfterAll
        void dropDatabases() throws SQLException {
            for (String database : created) {
                admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }

        private void admin(String sql) throws SQLException {
            try (Connection c = DriverManager.getConnection(PostgresTestServer.adminUrl(), "postgres", "");
                    Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }
    }
}
