package org.aiverse.persistence;

import javax.sql.DataSource;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's relational database, registered once the DataSource configured in
 * {@code etc/org.ops4j.datasource-aiverse.cfg} is up and the platform schema is migrated.
 */
@ProviderType
public interface Database {

    /** The pooled DataSource (embedded Derby by default, PostgreSQL in production). */
    DataSource dataSource();

    /** The database product as the JDBC driver names it, for example {@code PostgreSQL} or {@code Apache Derby}. */
    String productName();

    /**
     * Runs the versioned migrations of one module: the SQL scripts under {@code db/migration/<module>} on the
     * given class loader, recorded in the table {@code <module>_schema_history}. Idempotent; safe to call from
     * several nodes at once (the migration tool locks its history table).
     *
     * @param module a lower-case module name such as {@code recorder}
     * @param classLoader the class loader of the bundle that owns the scripts
     * @return the schema version after migration
     */
    SchemaVersion migrate(String module, ClassLoader classLoader);
}
