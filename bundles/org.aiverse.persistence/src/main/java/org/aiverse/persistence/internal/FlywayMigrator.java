package org.aiverse.persistence.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.aiverse.persistence.SchemaVersion;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Runs one module's versioned SQL migrations with Flyway; works the same on Derby and PostgreSQL.
 *
 * <p>Where the two databases spell a type differently, a migration names it by a placeholder: {@code ${bytes}} is
 * a column of up to 32,672 bytes ({@code VARCHAR(32672) FOR BIT DATA} on Derby, {@code BYTEA} on PostgreSQL).
 */
final class FlywayMigrator {

    private static final Pattern MODULE = Pattern.compile("[a-z][a-z0-9_]{0,40}");

    private FlywayMigrator() {}

    static SchemaVersion migrate(DataSource dataSource, String module, ClassLoader classLoader) {
        if (module == null || !MODULE.matcher(module).matches()) {
            throw new IllegalArgumentException("module must match " + MODULE.pattern() + ": " + module);
        }
        Flyway flyway = Flyway.configure(classLoader)
                .dataSource(dataSource)
                .placeholders(Map.of("bytes", bytesType(dataSource)))
                .locations("classpath:db/migration/" + module)
                .table(module.toLowerCase(Locale.ROOT) + "_schema_history")
                // Every module shares one schema: a module's first migration must not fail because
                // another module's tables are already there.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .failOnMissingLocations(false)
                .load();
        MigrateResult result = flyway.migrate();
        MigrationInfo current = flyway.info().current();
        String version = current == null || current.getVersion() == null
                ? "0"
                : current.getVersion().getVersion();
        return new SchemaVersion(module, version, result.migrationsExecuted);
    }

    private static String bytesType(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName();
            return product != null && product.toLowerCase(Locale.ROOT).contains("derby")
                    ? "VARCHAR(32672) FOR BIT DATA"
                    : "BYTEA";
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database migrations run on: " + e.getMessage(), e);
        }
    }
}
