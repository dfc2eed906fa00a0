package org.aiverse.auth.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.flywaydb.core.Flyway;

/** An in-memory Derby database with the auth migrations applied, and a clock the tests move. */
final class TestDb {

    private TestDb() {}

    static DataSource migrated() {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:auth" + UUID.randomUUID().toString().replace("-", ""));
        ds.setCreateDatabase("create");
        Flyway.configure(TestDb.class.getClassLoader())
                .dataSource(ds)
                .locations("classpath:db/migration/auth")
                .table("auth_schema_history")
                .load()
                .migrate();
        return ds;
    }

    /** A clock that stands still until moved. */
    static final class MovableClock extends Clock {
        private volatile long millis;

        MovableClock(long epochSeconds) {
            this.millis = epochSeconds * 1000;
        }

        void advance(long seconds) {
            millis += seconds * 1000;
        }

        long seconds() {
            return millis / 1000;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }
}
