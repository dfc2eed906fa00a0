package org.aiverse.recorder.internal;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

/** Every recorder scenario again on PostgreSQL (a fresh database per test) (the test command makes sure the server runs). */
class RecorderEnginePostgresTest extends RecorderEngineTest {

    @Override
    protected DataSource database() {
        DataSource ds = TestDatabases.postgres();
        // the test command starts PostgreSQL (scripts/ensure-postgres.sh): without it this fails rather than skips
        assertThat(ds)
                .as("PostgreSQL is reachable (scripts/ensure-postgres.sh starts it)")
                .isNotNull();
        return ds;
    }
}
