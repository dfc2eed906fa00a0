package org.aiverse.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Several AI-Verse nodes on this machine, as README.md "Several nodes" runs them: a fresh PostgreSQL database, the
 * standalone Artemis broker of {@code scripts/artemis.sh}, and one process of the real distribution per node (made by
 * {@code scripts/node.sh create}), each on free ports, all sharing the database, the broker and the key stores.
 * Everything lives under {@code target/cluster}; a JVM that dies without {@link #close()} kills its nodes and stops
 * the broker from a shutdown hook, and the next run clears what is left.
 *
 * <pre>
 * ClusterNodes cluster = ClusterNodes.start("node-a", "node-b");
 * cluster.node("node-a").post(...); cluster.node("node-b").get(...);
 * cluster.node("node-a").kill();   // a crash: SIGKILL of the JVM
 * cluster.close();
 * </pre>
 */
final class ClusterNodes implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClusterNodes.class);

    /** How long a node may take to boot on a loaded two-core machine. */
    static final Duration BOOT = Duration.ofMinutes(5);

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path ROOT = Path.of("target", "cluster").toAbsolutePath();

    private final String database;
    private final int brokerPort;
    private final Path broker = ROOT.resolve("artemis");
    private final Path nodesDir = ROOT.resolve("nodes");
    private final Path distribution;
    private final Map<String, KarafNode> nodes = new LinkedHashMap<>();
    private final Thread hook = new Thread(this::emergencyStop, "cluster-nodes-shutdown");

    private ClusterNodes(String database, int brokerPort, Path distribution) {
        this.database = database;
        this.brokerPort = brokerPort;
        this.distribution = distribution;
    }

    /**
     * A fresh database and broker, and the named nodes booted in parallel; returns once every node reports every
     * component up. Fails with the nodes' logs.
     */
    static ClusterNodes start(String... names) {
        clearLeftovers();
        Path dist = unpackDistribution();
        ClusterNodes cluster = new ClusterNodes(PlatformTestSupport.createPostgresDatabase(), Ports.free(), dist);
        Runtime.getRuntime().addShutdownHook(cluster.hook);
        boolean started = false;
        try {
            cluster.startBroker();
            for (String name : names) {
                cluster.add(name);
            }
            cluster.nodes.values().forEach(KarafNode::start);
            for (KarafNode n : cluster.nodes.values()) {
                n.awaitHealthy(BOOT);
            }
            started = true;
            return cluster;
        } finally {
            if (!started) {
                cluster.close();
            }
        }
    }

    /** Makes (not starts) one more node of this cluster on free ports; {@link KarafNode#start()} boots it. */
    KarafNode add(String name) {
        int http = Ports.free();
        int ssh = Ports.free();
        script(
                "node.sh",
                Map.of("AIVERSE_NODES", nodesDir.toString(), "AIVERSE_DISTRIBUTION", distribution.toString()),
                "create",
                name,
                "--http",
                Integer.toString(http),
                "--ssh",
                Integer.toString(ssh),
                "--rmi-registry",
                Integer.toString(Ports.free()),
                "--rmi-server",
                Integer.toString(Ports.free()),
                "--db",
                PlatformTestSupport.postgresUrl(database),
                "--db-pool",
                "8",
                "--broker",
                "tcp://127.0.0.1:" + brokerPort + "?reconnectAttempts=-1&retryInterval=200&maxRetryInterval=2000",
                "--operator",
                KarafNode.OPERATOR + ":" + KarafNode.OPERATOR_PASSWORD,
                "--memory",
                "768m");
        KarafNode node = new KarafNode(name, nodesDir.resolve(name), http, ssh);
        nodes.put(name, node);
        return node;
    }

    KarafNode node(String name) {
        KarafNode n = nodes.get(name);
        if (n == null) {
            throw new IllegalArgumentException("no node " + name + " in " + nodes.keySet());
        }
        return n;
    }

    List<KarafNode> nodes() {
        return List.copyOf(nodes.values());
    }

    /** The shared database's name (fresh, dropped when the test JVM exits). */
    String database() {
        return database;
    }

    /** A connection to the shared database, as its superuser. */
    Connection db() throws SQLException {
        return PlatformTestSupport.postgres(database);
    }

    /** The broker's CORE URL. */
    String brokerUrl() {
        return "tcp://127.0.0.1:" + brokerPort;
    }

    /** Every node's diagnostics, for a failure message. */
    String diagnostics() {
        StringBuilder text = new StringBuilder();
        nodes.values().forEach(n -> text.append(n.diagnostics()));
        Path log = broker.resolve("log/artemis.log");
        text.append("\n=== broker ").append(brokerUrl()).append(", ").append(log);
        try {
            if (Files.exists(log)) {
                List<String> lines = Files.readAllLines(log);
                lines.subList(Math.max(0, lines.size() - 15), lines.size())
                        .forEach(l -> text.append('\n').append(l, 0, Math.min(l.length(), 300)));
            }
        } catch (IOException e) {
            text.append(" unreadable: ").append(e);
        }
        return text.toString();
    }

    /** Stops every node cleanly (killing those that do not stop), then the broker. */
    @Override
    public void close() {
        List<Thread> stops = new ArrayList<>();
        for (KarafNode n : nodes.values()) {
            Thread t = new Thread(n::stop, "stop-" + n.name());
            t.start();
            stops.add(t);
        }
        for (Thread t : stops) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stopBroker();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is exiting
        }
    }

    /** On an abnormal exit of the test JVM: no node or broker outlives it. */
    private void emergencyStop() {
        nodes.values().forEach(KarafNode::kill);
        stopBroker();
    }

    // ------------------------------------------------------------------ broker and distribution

    private void startBroker() {
        script("artemis.sh", brokerEnv(), "start", "--port", Integer.toString(brokerPort));
    }

    private void stopBroker() {
        try {
            script("artemis.sh", brokerEnv(), "stop");
        } catch (RuntimeException | AssertionError e) {
            LOG.warn("stopping the broker: {}", e.getMessage());
        }
    }

    private Map<String, String> brokerEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ARTEMIS_INSTANCE", broker.toString());
        env.put("ARTEMIS_MEMORY", "256M");
        String repo = System.getProperty("maven.repo.local");
        if (repo != null && !repo.isBlank()) {
            env.put("MAVEN_REPO_LOCAL", repo);
        }
        return env;
    }

    /**
     * What a killed run left: running nodes (their JVMs named in karaf.pid files) and broker are stopped, their
     * folders removed. The distribution's unpacked copy is kept when it is as new as the archive.
     */
    private static void clearLeftovers() {
        Path nodes = ROOT.resolve("nodes");
        if (Files.isDirectory(nodes)) {
            try (Stream<Path> dirs = Files.list(nodes)) {
                for (Path d : dirs.toList()) {
                    Path pid = d.resolve("karaf.pid");
                    if (Files.exists(pid)) {
                        String text = Files.readString(pid).trim();
                        if (text.matches("[0-9]+")) {
                            ProcessHandle.of(Long.parseLong(text))
                                    .filter(h ->
                                            h.info().commandLine().orElse("").contains(d.toString()))
                                    .ifPresent(ProcessHandle::destroyForcibly);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<String, String> env =
                Map.of("ARTEMIS_INSTANCE", ROOT.resolve("artemis").toString());
        if (Files.exists(ROOT.resolve("artemis/etc/broker.xml"))) {
            script("artemis.sh", env, "stop");
        }
        delete(nodes);
        delete(ROOT.resolve("artemis"));
    }

    /** The distribution under test (the itests' aiverse.distribution archive), unpacked once per build. */
    private static Path unpackDistribution() {
        Path archive = Path.of(System.getProperty("aiverse.distribution"));
        if (!Files.exists(archive)) {
            throw new AssertionError("no distribution at " + archive + ": build it first (mvn install -DskipTests)");
        }
        Path dir = ROOT.resolve("dist");
        Path stamp = dir.resolve(".unpacked");
        try {
            if (Files.exists(stamp)
                    && Files.getLastModifiedTime(stamp).compareTo(Files.getLastModifiedTime(archive)) >= 0) {
                return only(dir);
            }
            delete(dir);
            Files.createDirectories(dir);
            run(List.of("tar", "xzf", archive.toString(), "-C", dir.toString()), Map.of(), Duration.ofMinutes(5));
            Files.writeString(stamp, archive.toString());
            return only(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path only(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).findFirst().orElseThrow(() -> new AssertionError("empty " + dir));
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir, e);
        }
    }

    // ------------------------------------------------------------------ scripts

    /** Runs one of the project's scripts/ and returns its output; fails with it when the script fails. */
    static String script(String script, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(
                List.of("bash", REPO.resolve("scripts").resolve(script).toString()));
        command.addAll(List.of(args));
        return run(command, env, Duration.ofMinutes(10));
    }

    private static String run(List<String> command, Map<String, String> env, Duration timeout) {
        try {
            Files.createDirectories(ROOT);
            Path out = Files.createTempFile(ROOT, "script-", ".log");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(REPO.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not end in " + timeout + ":\n" + Files.readString(out));
            }
            String text = Files.readString(out);
            Files.deleteIfExists(out);
            if (p.exitValue() != 0) {
                throw new AssertionError(command + " failed (" + p.exitValue() + "):\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }
}
