package org.aiverse.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;

/**
 * The placeholders a module's SQL migrations may use where Derby and PostgreSQL spell a type differently, with
 * their values for the database at hand. {@link Database#migrate} fills them in; code that creates a module's schema
 * without the platform (benchmarks, unit tests) fills them from here too.
 *
 * <ul>
 *   <li>{@code ${bytes}}: a column of up to 32,672 bytes ({@code VARCHAR(32672) FOR BIT DATA} on Derby,
 *       {@code BYTEA} on PostgreSQL).
 * </ul>
 */
public final class MigrationPlaceholders {

    private MigrationPlaceholders() {}

    /**
     * The placeholders' values for the database a connection is open on.
     *
     * @throws SQLException when the database cannot say which product it is
     */
    public static Map<String, String> of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        boolean derby = product != null && product.toLowerCase(Locale.ROOT).contains("derby");
        return Map.of("bytes", derby ? "VARCHAR(32672) FOR BIT DATA" : "BYTEA");
    }
}
