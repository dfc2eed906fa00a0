package org.aiverse.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The persisted ledger on a real (embedded Derby) database with the bundle's own migration. */
class JdbcBudgetLedgerTest {

    EmbeddedDataSource ds;

    @BeforeEach
    void database() throws Exception {
        System.setProperty("derby.stream.error.file", "target/derby.log");
        ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:ledger_" + UUID.randomUUID().toString().replace("-", ""));
        ds.setCreateDatabase("create");
        String sql;
        try (InputStream in =
                getClass().getClassLoader().getResourceAsStream("db/migration/policy/V1__policy_budget.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder ddl = new StringBuilder();
        for (String line : sql.split("\n")) {
            if (!line.strip().startsWith("--")) {
                ddl.append(line).append('\n');
            }
        }
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute(ddl.toString().strip().replaceAll(";$", ""));
        }
    }

    @Test
    void aNewLedgerOnTheSameDatabaseSeesTodaysSpend() {
        JdbcBudgetLedger first = new JdbcBudgetLedger(ds, () -> 1L);
        assertThat(first.spent("alice", 19000)).isEqualByComparingTo("0");
        assertThat(first.trySpend("alice", 19000, new BigDecimal("7.5"), new BigDecimal("10")))
                .isTrue();
        assertThat(first.trySpend("alice", 19000, new BigDecimal("3"), new BigDecimal("10")))
                .isFalse();
        JdbcBudgetLedger restarted = new JdbcBudgetLedger(ds, () -> 2L);
        assertThat(restarted.spent("alice", 19000)).isEqualByComparingTo("7.5");
        assertThat(restarted.spent("alice", 19001)).isEqualByComparingTo("0");
        assertThat(restarted.trySpend("alice", 19000, new BigDecimal("2.5"), new BigDecimal("10")))
                .isTrue();
        assertThat(first.trySpend("alice", 19000, new BigDecimal("0.01"), new BigDecimal("10")))
                .isFalse();
        assertThat(first.spent("alice", 19000)).isEqualByComparingTo("10");
    }

    @Test
    void twoLedgersSpendingAtOnceNeverExceedTheCap() throws Exception {
        JdbcBudgetLedger a = new JdbcBudgetLedger(ds, () -> 1L);
        JdbcBudgetLedger b = new JdbcBudgetLedger(ds, () -> 1L);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            JdbcBudgetLedger l = i % 2 == 0 ? a : b;
            results.add(pool.submit(() -> l.trySpend("bob", 5, BigDecimal.ONE, new BigDecimal("25"))));
        }
        int ok = 0;
        for (Future<Boolean> f : results) {
            ok += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();
        assertThat(ok).isEqualTo(25);
        assertThat(new JdbcBudgetLedger(ds, () -> 1L).spent("bob", 5)).isEqualByComparingTo("25");
    }
}
