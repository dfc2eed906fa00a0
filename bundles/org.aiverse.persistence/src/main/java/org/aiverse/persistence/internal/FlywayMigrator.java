package org.aiverse.persistence.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.aiverse.persistence.MigrationPlaceholders;
import org.aiverse.persistence.SchemaVersion;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Runs one module's versioned SQL migrations with Flyway; works the same on Derby and PostgreSQL. Where the two spell
 * a type differently, a migration names it by one of the {@link MigrationPlaceholders}.
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
                .placeholders(placeholders(dataSource))
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

    private static Map<String, String> placeholders(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return MigrationPlaceholders.of(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database migrations run on: " + e.getMessage(), e);
        }
    }
}
