package org.aiverse.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.aiverse.contracts.consent.Scopes;
import org.aiverse.contracts.intent.Intent;
import org.aiverse.contracts.policy.Autonomy;
import org.aiverse.contracts.policy.CheckName;
import org.aiverse.contracts.policy.CheckResult;
import org.aiverse.contracts.policy.Ethics;
import org.aiverse.contracts.policy.Policy;
import org.aiverse.contracts.policy.PolicyDecision;
import org.aiverse.contracts.policy.RateLimit;
import org.aiverse.contracts.policy.ReasonCode;
import org.aiverse.contracts.policy.SpendingCaps;
import org.aiverse.policy.api.PolicyContext;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.LoggerFactory;

/**
 * The shared rate counters on real databases (embedded Derby, the machine's PostgreSQL), with the bundle's own
 * migrations. Two store instances on one database stand for two nodes.
 */
class JdbcCounterStoreTest {

    static final long T0 = 1_712_345_678L * 1_000_000_000L;
    static final long SECOND = 1_000_000_000L;

    abstract static class Contract {

        DataSource ds;
        TestPool pool;

        abstract DataSource freshDatabase() throws SQLException;

        @BeforeEach
        void database() throws Exception {
            pool = new TestPool(freshDatabase());
            ds = pool;
            for (String script : List.of("V1__policy_budget.sql", "V2__policy_counter.sql")) {
                try (InputStream in = getClass().getClassLoader().getResourceAsStream("db/migration/policy/" + script);
                        Connection c = ds.getConnection();
                        Statement s = c.createStatement()) {
                    String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
                    for (String stmt : sql.split(";")) {
                        if (!stmt.isBlank()) {
                            s.execute(stmt.strip());
                        }
                    }
                }
            }
        }

        int rows() throws SQLException {
            try (Connection c = ds.getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM policy_counter")) {
                rs.next();
                return rs.getInt(1);
            }
        }

        @Test
        void aBucketEmptiesAndRefillsAtItsRate() {
            JdbcCounterStore store = new JdbcCounterStore(ds);
            RateSpec rate = RateSpec.of(new RateLimit(10, null)); // one token every 6 s, bucket of 10
            assertThat(store.check("alice", "speak", T0, rate)).isEqualTo(CounterStore.ALLOWED);
            for (int i = 0; i < 10; i++) {
                assertThat(store.tryAcquire("alice", "speak", T0, rate))
                        .as("token %d", i)
                        .isTrue();
            }
            assertThat(store.tryAcquire("alice", "speak", T0, rate)).isFalse();
            assertThat(store.wouldAcquire("alice", "speak", T0, rate)).isFalse();
            assertThat(store.check("alice", "speak", T0, rate)).isEqualTo(CounterStore.RATE_LIMITED);
            assertThat(store.tryAcquire("alice", "move", T0, rate)).isTrue();
            assertThat(store.tryAcquire("bob", "speak", T0, rate)).isTrue();
            assertThat(store.tryAcquire("alice", "speak", T0 + 6 * SECOND, rate))
                    .isTrue();
            assertThat(store.tryAcquire("alice", "speak", T0 + 6 * SECOND, rate))
                    .isFalse();
            store.release("alice", "speak", rate);
            assertThat(store.tryAcquire("alice", "speak", T0 + 6 * SECOND, rate))
                    .isTrue();
            assertThat(store.tryAcquire("alice", "speak", T0, RateSpec.of(new RateLimit(0, null))))
                    .isFalse();
        }

        @Test
        void acquireChecksAndTakesInOneStatement() {
            JdbcCounterStore a = new JdbcCounterStore(ds);
            JdbcCounterStore b = new JdbcCounterStore(ds);
            RateSpec rate = RateSpec.of(new RateLimit(60, 3)); // one token a second, bucket of 3
            assertThat(a.acquire("hank", "speak", T0, rate)).isEqualTo(CounterStore.ALLOWED); // inserts the row
            long before = pool.statements.get();
            assertThat(b.acquire("hank", "speak", T0, rate)).isEqualTo(CounterStore.ALLOWED);
            assertThat(pool.statements.get() - before).as("statements").isEqualTo(1);
            assertThat(a.acquire("hank", "speak", T0, rate)).isEqualTo(CounterStore.ALLOWED);
            assertThat(b.acquire("hank", "speak", T0, rate)).isEqualTo(CounterStore.RATE_LIMITED);
            assertThat(a.acquire("hank", "speak", T0 + SECOND, rate)).isEqualTo(CounterStore.ALLOWED);
            // a cooldown holds although the bucket has refilled, and nothing is taken while it runs
            b.startCooldown("hank", "speak", T0 + 10 * SECOND);
            assertThat(a.acquire("hank", "speak", T0 + 9 * SECOND, rate)).isEqualTo(T0 + 10 * SECOND);
            for (int i = 0; i < 3; i++) {
                assertThat(a.acquire("hank", "speak", T0 + 10 * SECOND, rate)).isEqualTo(CounterStore.ALLOWED);
            }
            assertThat(a.acquire("hank", "speak", T0 + 10 * SECOND, rate)).isEqualTo(CounterStore.RATE_LIMITED);
            // a cooldown without a bucket row yet, and a type without tokens
            b.startCooldown("ida", "speak", T0 + 5 * SECOND);
            assertThat(a.acquire("ida", "speak", T0, rate)).isEqualTo(T0 + 5 * SECOND);
            assertThat(a.acquire("ida", "move", T0, RateSpec.of(new RateLimit(0, null))))
                    .isEqualTo(CounterStore.RATE_LIMITED);
        }

        @Test
        void anAllowedIntentCostsOneStatementAndABlockedOneTakesNoToken() {
            Policy policy = new Policy(
                    Autonomy.LOW,
                    new SpendingCaps(new BigDecimal("50"), new BigDecimal("10")),
                    Map.of("intent.speak", new RateLimit(60, 2)),
                    List.of(),
                    List.of(),
                    new Ethics("v1"));
            PolicyContext ctx = PolicyContext.of("user_abc", Set.of(Scopes.PERSONA_USE), policy);
            AtomicLong clock = new AtomicLong(T0);
            PolicyGateImpl gate = gate(clock);
            assertThat(gate.evaluate(speak("s1", "hi"), ctx).allowed()).isTrue(); // inserts the row
            // a later check (ethics) blocks: no token is taken, the rate check is reported as it stands
            PolicyDecision lie = gate.evaluate(speak("s2", "I am a HUMAN like you."), ctx);
            assertThat(lie.reasonCode()).isEqualTo(ReasonCode.ETHICS_VIOLATION);
            assertThat(result(lie, CheckName.RATE_LIMIT)).isEqualTo(CheckResult.OK);
            long before = pool.statements.get();
            assertThat(gate.evaluate(speak("s3", "hi"), ctx).allowed()).isTrue();
            assertThat(pool.statements.get() - before).as("statements").isEqualTo(1);
            // the bucket is empty now: the rate block comes first in the order and is the reason, as in the dry
            // run, with ethics still reported
            Intent lieAgain = speak("s4", "I am a HUMAN like you.");
            assertThat(gate.dryRun(lieAgain, ctx).reasonCode()).isEqualTo(ReasonCode.RATE_LIMITED);
            PolicyDecision both = gate.evaluate(lieAgain, ctx);
            assertThat(both.reasonCode()).isEqualTo(ReasonCode.RATE_LIMITED);
            assertThat(result(both, CheckName.ETHICS)).isEqualTo(CheckResult.BLOCKED);
            // and that rate block started the cooldown, which the next intent meets in its one statement's place
            assertThat(gate.evaluate(speak("s5", "hi"), ctx).reasonCode()).isEqualTo(ReasonCode.COOLDOWN);
        }

        static Intent speak(String id, String text) {
            return new Intent(id, "speak", "user", 0.9, Map.of("text", text), null);
        }

        static CheckResult result(PolicyDecision d, CheckName name) {
            return d.checks().stream()
                    .filter(c -> c.name() == name)
                    .findFirst()
                    .orElseThrow()
                    .result();
        }

        @Test
        void twoNodesShareOneBucket() {
            JdbcCounterStore a = new JdbcCounterStore(ds);
            JdbcCounterStore b = new JdbcCounterStore(ds);
            RateSpec rate = RateSpec.of(new RateLimit(30, null));
            int taken = 0;
            for (int i = 0; i < 100; i++) {
                taken += (i % 2 == 0 ? a : b).tryAcquire("alice", "speak", T0 + i * 10_000_000L, rate) ? 1 : 0;
            }
            // 30 in the bucket, plus what refilled in the 0.99 s the loop's clock covered (one token every 2 s)
            assertThat(taken).isEqualTo(30);
            assertThat(b.check("alice", "speak", T0 + SECOND, rate)).isEqualTo(CounterStore.RATE_LIMITED);
            a.release("alice", "speak", rate);
            assertThat(b.tryAcquire("alice", "speak", T0 + SECOND, rate)).isTrue();
        }

        @Test
        void threadsOnTwoNodesNeverTakeMoreThanTheBucket() throws Exception {
            JdbcCounterStore a = new JdbcCounterStore(ds);
            JdbcCounterStore b = new JdbcCounterStore(ds);
            RateSpec rate = RateSpec.of(new RateLimit(60, 25));
            AtomicLong clock = new AtomicLong(T0);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            try {
                for (int t = 0; t < 8; t++) {
                    JdbcCounterStore node = t % 2 == 0 ? a : b;
                    results.add(pool.submit(() -> {
                        start.await();
                        int ok = 0;
                        for (int i = 0; i < 40; i++) {
                            // the clock moves 1 ms per attempt overall: 320 ms in all, less than one refill (1 s)
                            ok += node.tryAcquire("carol", "speak", clock.addAndGet(1_000_000L), rate) ? 1 : 0;
                        }
                        return ok;
                    }));
                }
                start.countDown(); // every thread races for the first row as well
                int ok = 0;
                for (Future<Integer> f : results) {
                    ok += f.get(60, TimeUnit.SECONDS);
                }
                assertThat(ok).isEqualTo(25);
            } finally {
                pool.shutdownNow();
            }
            assertThat(rows()).isEqualTo(1);
        }

        @Test
        void aCooldownStartedOnOneNodeHoldsOnTheOther() {
            JdbcCounterStore a = new JdbcCounterStore(ds);
            JdbcCounterStore b = new JdbcCounterStore(ds);
            RateSpec rate = RateSpec.of(new RateLimit(60, null));
            assertThat(b.cooldownUntil("dave", "speak")).isZero();
            a.startCooldown("dave", "speak", T0 + 30 * SECOND);
            assertThat(b.cooldownUntil("dave", "speak")).isEqualTo(T0 + 30 * SECOND);
            assertThat(b.check("dave", "speak", T0, rate)).isEqualTo(T0 + 30 * SECOND);
            b.startCooldown("dave", "speak", T0 + 10 * SECOND); // never shortens
            assertThat(a.cooldownUntil("dave", "speak")).isEqualTo(T0 + 30 * SECOND);
            b.startCooldown("dave", "speak", T0 + 40 * SECOND);
            assertThat(a.cooldowns("dave", T0)).isEqualTo(Map.of("speak", T0 + 40 * SECOND));
            assertThat(a.cooldowns("dave", T0 + 40 * SECOND)).isEmpty();
            assertThat(a.check("dave", "speak", T0 + 40 * SECOND, rate)).isEqualTo(CounterStore.ALLOWED);
            // a row created by a cooldown starts with a full bucket
            assertThat(a.tryAcquire("dave", "speak", T0, rate)).isTrue();
            // and a bucket keeps its cooldown
            a.tryAcquire("erin", "speak", T0, rate);
            b.startCooldown("erin", "speak", T0 + 5 * SECOND);
            assertThat(a.check("erin", "speak", T0, rate)).isEqualTo(T0 + 5 * SECOND);
        }

        @Test
        void sweepDeletesOnlyRowsThatNoLongerConstrain() throws Exception {
            JdbcCounterStore a = new JdbcCounterStore(ds);
            JdbcCounterStore b = new JdbcCounterStore(ds);
            RateSpec rate = RateSpec.of(new RateLimit(60, 2)); // tat runs at most 2 s ahead
            a.tryAcquire("frank", "speak", T0, rate);
            a.tryAcquire("frank", "speak", T0, rate);
            b.startCooldown("grace", "speak", T0 + 600 * SECOND);
            assertThat(rows()).isEqualTo(2);
            b.sweep(T0 + 2 * SECOND); // frank's tat is T0 + 2 s: free again, but within the grace for skewed clocks
            assertThat(rows()).isEqualTo(2);
            b.sweep(T0 + 2 * SECOND + JdbcCounterStore.SWEEP_GRACE_NANOS);
            assertThat(rows()).isEqualTo(1);
            assertThat(a.cooldownUntil("grace", "speak")).isEqualTo(T0 + 600 * SECOND);
            a.sweep(T0 + 600 * SECOND + JdbcCounterStore.SWEEP_GRACE_NANOS);
            assertThat(rows()).isZero();
            assertThat(a.tryAcquire("frank", "speak", T0 + 700 * SECOND, rate)).isTrue();
        }

        @Test
        void longOwnerIdsAndTypesAreStoredAsTheirHash() {
            JdbcCounterStore store = new JdbcCounterStore(ds);
            RateSpec rate = RateSpec.of(new RateLimit(1, null));
            String owner = "o".repeat(300);
            String type = "t".repeat(300);
            assertThat(store.tryAcquire(owner, type, T0, rate)).isTrue();
            assertThat(store.tryAcquire(owner, type, T0, rate)).isFalse();
            assertThat(store.tryAcquire(owner, "t".repeat(299) + "u", T0, rate)).isTrue();
        }

        @Test
        void twoGatesOnOneDatabaseShareRatesAndCooldowns() {
            Policy policy = new Policy(
                    Autonomy.LOW,
                    new SpendingCaps(new BigDecimal("50"), new BigDecimal("10")),
                    Map.of("intent.speak", new RateLimit(2, 4)),
                    List.of(),
                    List.of(),
                    new Ethics("v1"));
            PolicyContext ctx = PolicyContext.of("user_abc", Set.of(Scopes.PERSONA_USE), policy);
            AtomicLong clock = new AtomicLong(T0);
            PolicyGateImpl nodeA = gate(clock);
            PolicyGateImpl nodeB = gate(clock);
            int allowed = 0;
            for (int i = 0; i < 8; i++) {
                Intent speak = new Intent("s" + i, "speak", "user", 0.9, Map.of("text", "hi"), null);
                allowed += (i % 2 == 0 ? nodeA : nodeB).evaluate(speak, ctx).allowed() ? 1 : 0;
            }
            assertThat(allowed).isEqualTo(4);
            // a token is back after 30 s, but the first rate block (the fifth intent, on node A) started a 60 s
            // cooldown, which node B enforces
            clock.addAndGet(31 * SECOND);
            Intent again = new Intent("s9", "speak", "user", 0.9, Map.of("text", "hi"), null);
            assertThat(nodeB.evaluate(again, ctx).reasonCode()).isEqualTo(ReasonCode.COOLDOWN);
            assertThat(nodeB.usage("user_abc").cooldowns()).containsKey("speak");
            clock.addAndGet(30 * SECOND);
            assertThat(nodeB.evaluate(again, ctx).allowed()).isTrue();
            // 61 s refilled two tokens: the second goes to node A, and the bucket is empty again on both
            Intent more = new Intent("s10", "speak", "user", 0.9, Map.of("text", "hi"), null);
            assertThat(nodeA.evaluate(more, ctx).allowed()).isTrue();
            assertThat(nodeA.dryRun(more, ctx).reasonCode()).isEqualTo(ReasonCode.RATE_LIMITED);
            assertThat(nodeB.dryRun(more, ctx).reasonCode()).isEqualTo(ReasonCode.RATE_LIMITED);
        }

        PolicyGateImpl gate(AtomicLong clock) {
            GateConfig config = StandaloneGate.config(Map.of("cooldownSeconds", 60L, "counters", "database"));
            GateSettings settings = GateSettings.from(config, PolicyGateComponent.loadRulesets(config, null));
            return new PolicyGateImpl(
                    settings, new JdbcCounterStore(ds), new InMemoryBudgetLedger(), clock::get, () -> null, () -> null);
        }
    }

    @Nested
    class OnDerby extends Contract {
        @Override
        DataSource freshDatabase() {
            System.setProperty("derby.stream.error.file", "target/derby.log");
            EmbeddedDataSource derby = new EmbeddedDataSource();
            derby.setDatabaseName(
                    "memory:counters_" + UUID.randomUUID().toString().replace("-", ""));
            derby.setCreateDatabase("create");
            return derby;
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
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setUrl(url(database));
            pg.setUser("postgres");
            return pg;
        }

        /** Not a benchmark: the cost of one take of a token on this machine, printed for the record. */
        @Test
        void costOfOneTryAcquire() {
            JdbcCounterStore store = new JdbcCounterStore(ds);
            RateSpec rate = RateSpec.of(new RateLimit(60_000, 1_000_000));
            for (int i = 0; i < 500; i++) {
                store.tryAcquire("warm", "speak", T0, rate);
                store.check("warm", "speak", T0, rate);
            }
            int n = 3000;
            long started = System.nanoTime();
            for (int i = 0; i < n; i++) {
                store.tryAcquire("hot", "speak", T0, rate);
            }
            long acquire = (System.nanoTime() - started) / n;
            started = System.nanoTime();
            for (int i = 0; i < n; i++) {
                store.check("hot", "speak", T0, rate);
            }
            long check = (System.nanoTime() - started) / n;
            LoggerFactory.getLogger(JdbcCounterStoreTest.class)
                    .info(
                            "JdbcCounterStore on PostgreSQL, pooled connection: tryAcquire {} us, check {} us",
                            String.format("%.1f", acquire / 1000.0),
                            String.format("%.1f", check / 1000.0));
        }

        @AfterAll
        void dropDatabases() throws SQLException {
            for (String database : created) {
                admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }

        private void admin(String sql) throws SQLException {
            try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "");
                    Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }

        private static String url(String database) {
            String host = System.getenv().getOrDefault("AIVERSE_PG_HOST", "127.0.0.1");
            String port = System.getenv().getOrDefault("AIVERSE_PG_PORT", "5432");
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }
    }

    /**
     * A minimal connection pool, as the platform's DataSource is pooled: closing a connection hands it back. Pooled
     * connections are closed for good when the database is dropped (WITH FORCE) or the JVM exits.
     */
    static final class TestPool implements DataSource {
        private final DataSource target;
        private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
        /** Statements prepared or created on its connections. */
        final AtomicLong statements = new AtomicLong();

        TestPool(DataSource target) {
            this.target = target;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection c = idle.poll();
            Connection real = c != null ? c : target.getConnection();
            return (Connection) Proxy.newProxyInstance(
                    Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("close")) {
                            idle.add(real);
                            return null;
                        }
                        if (method.getName().equals("prepareStatement")
                                || method.getName().equals("createStatement")) {
                            statements.incrementAndGet();
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public Connection getConnection(String user, String password) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
