package org.aiverse.session.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.aiverse.auth.api.Consent;
import org.aiverse.contracts.api.SessionMode;
import org.aiverse.contracts.api.SessionState;
import org.aiverse.session.api.StartOptions;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The directory on a real database (embedded Derby) with the bundle's own migrations, run by Flyway. */
class SessionDirectoryTest {

    private static final Consent CONSENT =
            new Consent("user-1", "cs-1", List.of("persona.use"), "kid-1", 4_000_000_000L);
    private static final StartOptions OPTIONS =
            new StartOptions("snap-1", "sim", SessionMode.PROXY, List.of("speak"), null, null, null);

    private SessionDirectory directory;

    @BeforeEach
    void database() {
        System.setProperty("derby.stream.error.file", "target/derby.log");
        EmbeddedDataSource derby = new EmbeddedDataSource();
        derby.setDatabaseName("memory:sessions_" + UUID.randomUUID().toString().replace("-", ""));
        derby.setCreateDatabase("create");
        // migrated as the platform does at start (persistence's FlywayMigrator), every version of the module
        Flyway.configure(SessionDirectoryTest.class.getClassLoader())
                .dataSource(derby)
                .locations("classpath:db/migration/session")
                .table("session_schema_history")
                .load()
                .migrate();
        directory = new SessionDirectory(derby);
    }

    @Test
    void everyRenewalIsOneMoreBeat() {
        directory.renew("a", "http://a", 10);
        directory.renew("a", "http://a", 5);
        directory.renew("a", "http://a2", 7);
        SessionDirectory.Node a = directory.node("a").orElseThrow();
        assertThat(a.beat()).isEqualTo(2);
        assertThat(a.url()).isEqualTo("http://a2");
        assertThat(a.lastSeen()).isEqualTo(7);
    }

    @Test
    void aSessionKeepsTheSnapshotVersionItStartedOnThroughAClaim() {
        directory.renew("a", "http://a", 1);
        directory.register("s1", "a", SessionState.RUNNING, CONSENT, List.of("speak"), OPTIONS, 3, 1);
        SessionDirectory.Entry row = directory.find("s1").orElseThrow();
        assertThat(row.snapshotVersion()).isEqualTo(3);

        SessionDirectory.Entry claimed = directory.claim(row, "b", 2).orElseThrow();
        assertThat(claimed.nodeId()).isEqualTo("b");
        assertThat(claimed.epoch()).isEqualTo(1);
        assertThat(claimed.snapshotVersion()).isEqualTo(3);
        assertThat(claimed.options()).isEqualTo(OPTIONS);
        assertThat(directory.claim(row, "c", 2))
                .as("the second claimant of the same row loses")
                .isEmpty();
    }

    @Test
    void sessionsOfANodeWithoutALeaseRowAreLeftBehindAndADeadNodeIsForgottenOnceTheyAreClaimed() {
        directory.renew("a", "http://a", 1);
        directory.renew("b", "http://b", 1);
        directory.register("s1", "a", SessionState.RUNNING, CONSENT, List.of(), OPTIONS, 1, 1);
        directory.register("s2", "b", SessionState.PAUSED, CONSENT, List.of(), OPTIONS, 1, 1);
        directory.register("s3", "b", SessionState.TERMINATED, CONSENT, List.of(), OPTIONS, 1, 1);
        assertThat(directory.leftBehind()).isEmpty();

        SessionDirectory.Node b = directory.node("b").orElseThrow();
        directory.forgetDead(b);
        assertThat(directory.node("b")).as("b still has a live session").isPresent();
        assertThat(directory.liveOf("b"))
                .extracting(SessionDirectory.Entry::sessionId)
                .containsExactly("s2");

        directory.claim(directory.find("s2").orElseThrow(), "a", 2).orElseThrow();
        directory.renew("b", "http://b", 2);
        directory.forgetDead(b);
        assertThat(directory.node("b"))
                .as("b beat again after it was judged dead")
                .isPresent();
        directory.forgetDead(directory.node("b").orElseThrow());
        assertThat(directory.node("b")).isEmpty();

        directory.leave("a");
        assertThat(directory.leftBehind())
                .extracting(SessionDirectory.Entry::sessionId)
                .containsExactlyInAnyOrder("s1", "s2");
    }
}
