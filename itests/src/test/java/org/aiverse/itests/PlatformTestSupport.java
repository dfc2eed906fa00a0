package org.aiverse.itests;

import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javax.inject.Inject;
import org.aiverse.json.Json;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/**
 * Boots the real AI-Verse distribution (karaf-assembly) in Pax Exam, on free ports so that a Karaf already
 * running on this machine does not disturb the test. One container per test class: group scenarios.
 */
public abstract class PlatformTestSupport {

    private static final String HTTP_PORT = "aiverse.it.http.port";

    @Inject
    protected SessionFactory sessionFactory;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The options every container needs; subclasses add their own. */
    protected static Option[] platform(Option... extra) {
        return platformOn(Ports.free(), extra);
    }

    /** {@link #platform} on a given HTTP port, for tests that must know it when they configure the container. */
    protected static Option[] platformOn(int httpPort, Option... extra) {
        int brokerPort = Ports.free();
        List<Option> options = new ArrayList<>(Arrays.asList(
                karafDistributionConfiguration()
                        .frameworkUrl(new File(System.getProperty("aiverse.distribution"))
                                .toURI()
                                .toString())
                        .name("AI-Verse")
                        .karafVersion(System.getProperty("karaf.version"))
                        .unpackDirectory(new File("target/exam"))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                logLevel(LogLevel.WARN),
                systemTimeout(300_000),
                // Pax Exam waits for its own services, 10 s by default, and the probe's extender has a timeout of its
                // own: a loaded two-core machine installing the features can take longer to register them, and an
                // extender that gives up leaves the test class hanging
                systemProperty("pax.exam.service.timeout").value("120000"),
                systemProperty("org.ops4j.pax.exam.raw.extender.intern.Parser.DEFAULT_TIMEOUT")
                        .value("120000"),
                vmOption("-Djdk.util.zip.disableZip64ExtraFieldValidation=true"),
                vmOption("-Xmx768m"),
                systemProperty(HTTP_PORT).value(Integer.toString(httpPort)),
                editConfigurationFilePut(
                        "etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(httpPort)),
                editConfigurationFilePut(
                        "etc/org.apache.karaf.management.cfg", "rmiRegistryPort", Integer.toString(Ports.free())),
                editConfigurationFilePut(
                        "etc/org.apache.karaf.management.cfg", "rmiServerPort", Integer.toString(Ports.free())),
                editConfigurationFilePut(
                        "etc/org.ops4j.pax.url.mvn.cfg",
                        "org.ops4j.pax.url.mvn.localRepository",
                        System.getProperty("maven.repo.local")),
                replaceConfigurationFile("etc/artemis.xml", brokerConfig(brokerPort)),
                editConfigurationFilePut(
                        "etc/org.aiverse.bus.cfg",
                        "url",
                        "tcp://127.0.0.1:" + brokerPort + "?reconnectAttempts=-1&retryInterval=200")));
        options.addAll(Arrays.asList(extra));
        return options.toArray(Option[]::new);
    }

    /**
     * The {@code aiverse-token} client tool (tools/aiverse-token, built by the reactor) as a bundle in the container,
     * for tests that make real consent tokens. It is taken from the reactor's build output rather than the local
     * Maven repository, which holds no project artifact (nothing is installed).
     */
    protected static Option tokenTool() {
        File jar = new File(
                "../tools/aiverse-token/target/aiverse-token-" + System.getProperty("aiverse.version") + ".jar");
        return bundle("wrap:" + jar.getAbsoluteFile().toURI());
    }

    /** The system property that names the fresh PostgreSQL database of a container, inside it. */
    protected static final String DATABASE = "aiverse.it.database";

    /**
     * A fresh PostgreSQL database (see {@link #createPostgresDatabase()}) as the container's DataSource. Its name is
     * the system property {@link #DATABASE}.
     */
    protected static Option freshPostgres() {
        String name = createPostgresDatabase();
        try {
            Path file = Files.createTempFile(Path.of("target"), "datasource-", ".cfg");
            Files.writeString(file, postgresDataSourceConfig(name, 8));
            return composite(
                    systemProperty(DATABASE).value(name),
                    replaceConfigurationFile("etc/org.ops4j.datasource-aiverse.cfg", file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates a fresh PostgreSQL database on the machine's server ({@code AIVERSE_PG_HOST}/{@code AIVERSE_PG_PORT},
     * default 127.0.0.1:5432) and returns its name: dropped when the test JVM exits. Its name carries its creation
     * time ({@code aiverse_test_<epoch seconds>_<random>}): databases that killed runs left behind are dropped once
     * they are {@link #LEFTOVER_AGE} old, never younger ones, which other test runs on the same server may be using.
     */
    static String createPostgresDatabase() {
        long now = System.currentTimeMillis() / 1000;
        String name = DB_PREFIX + now + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try (Connection c = postgres("postgres");
                Statement s = c.createStatement()) {
            if (LEFTOVERS_DROPPED.compareAndSet(false, true)) {
                List<String> leftovers = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '"
                        + DB_PREFIX.replace("_", "\\_") + "%'")) {
                    while (rs.next()) {
                        leftovers.add(rs.getString(1));
                    }
                }
                for (String db : leftovers) {
                    String[] parts = db.substring(DB_PREFIX.length()).split("_");
                    if (parts[0].matches("[0-9]{1,12}") && now - Long.parseLong(parts[0]) > LEFTOVER_AGE.toSeconds()) {
                        s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                    }
                }
            }
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL at " + postgresUrl("postgres") + " (scripts/ensure-postgres.sh starts it)", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Connection c = postgres("postgres");
                    Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException e) {
                // the next run drops leftovers
            }
        }));
        return name;
    }

    /** How old a test database must be before a later run drops it as left behind. */
    static final Duration LEFTOVER_AGE = Duration.ofHours(3);

    /** The JDBC URL of {@code database} on the machine's PostgreSQL server. */
    static String postgresUrl(String database) {
        String host = System.getenv().getOrDefault("AIVERSE_PG_HOST", "127.0.0.1");
        String port = System.getenv().getOrDefault("AIVERSE_PG_PORT", "5432");
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** A connection to {@code database} on the machine's PostgreSQL server, as its superuser. */
    static Connection postgres(String database) throws SQLException {
        return DriverManager.getConnection(postgresUrl(database), "postgres", "");
    }

    /** The distribution's {@code etc/org.ops4j.datasource-aiverse.cfg} for {@code database}. */
    static String postgresDataSourceConfig(String database, int poolSize) {
        return String.join(
                "\n",
                "osgi.jdbc.driver.class=org.postgresql.Driver",
                "url=" + postgresUrl(database),
                "user=postgres",
                "password=",
                "dataSourceName=aiverse",
                "osgi.jndi.service.name=aiverse",
                "pool=hikari",
                "xa=false",
                "hikari.maximumPoolSize=" + poolSize,
                "");
    }

    private static final String DB_PREFIX = "aiverse_test_";
    private static final AtomicBoolean LEFTOVERS_DROPPED = new AtomicBoolean();

    /** The shipped etc/artemis.xml with the acceptor moved to {@code port}. */
    private static File brokerConfig(int port) {
        try {
            String shipped = Files.readString(Path.of("..", "etc", "artemis.xml"));
            Path out = Files.createTempFile(Path.of("target"), "artemis-", ".xml");
            Files.writeString(out, shipped.replace("127.0.0.1:61616", "127.0.0.1:" + port));
            return out.toFile();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + System.getProperty(HTTP_PORT);
    }

    /** An HTTP answer with its body read as JSON when it is JSON. */
    protected record Answer(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    protected Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET());
    }

    protected Answer post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    protected Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(
                    request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Waits for an outcome: checks it at once, then after short pauses (1 ms, doubling up to 50 ms) until it holds
     * or {@code timeout} has passed, and then fails with {@code what}. The one way tests wait here.
     */
    protected static void await(String what, Duration timeout, BooleanSupplier outcome) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = TimeUnit.MILLISECONDS.toNanos(1);
        while (!outcome.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeout + " waiting for " + what);
            }
            LockSupport.parkNanos(pause);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
            pause = Math.min(pause * 2, MAX_PAUSE);
        }
    }

    private static final long MAX_PAUSE = TimeUnit.MILLISECONDS.toNanos(50);

    /** Set once the platform failed to come up in this container, so later tests fail at once. */
    private static volatile String unhealthy;

    /**
     * Whether the core components have registered their checks: a component being re-created (its DataSource
     * re-registered at boot, say) is briefly absent from the report rather than down.
     */
    private static boolean hasCoreComponents(JsonNode health) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (JsonNode c : health.path("components")) {
            names.add(c.path("name").asText());
        }
        return names.containsAll(java.util.List.of("database", "bus", "platform"));
    }

    /** Waits until the REST application answers health with every component up. */
    protected JsonNode awaitHealthy() {
        if (unhealthy != null) {
            fail("the platform did not come up earlier in this container: " + unhealthy);
        }
        JsonNode[] last = new JsonNode[1];
        String[] seen = {"no answer"};
        try {
            await("GET /api/v1/health to report every component up", Duration.ofSeconds(90), () -> {
                try {
                    Answer a = get("/api/v1/health");
                    seen[0] = a.status() + " " + a.body();
                    if ((a.status() == 200 || a.status() == 503) && a.body().startsWith("{")) {
                        last[0] = a.json();
                        return "up".equals(last[0].path("status").asText()) && hasCoreComponents(last[0]);
                    }
                } catch (UncheckedIOException e) {
                    seen[0] = "not listening: " + e.getMessage();
                }
                return false;
            });
        } catch (AssertionError e) {
            unhealthy = seen[0];
            throw new AssertionError(
                    e.getMessage() + "; last answer: " + seen[0] + " on port " + System.getProperty(HTTP_PORT)
                            + diagnostics(),
                    e);
        }
        awaitApi();
        return last[0];
    }

    /**
     * Resources of the REST application that every booted platform serves; without credentials each answers 401
     * once it is registered (the auth filters run after the match), 404 before.
     */
    private static final List<String> API = List.of(
            "/api/v1/snapshots/it_probe",
            "/api/v1/sessions/it_probe/state",
            "/api/v1/recorder/sessions",
            "/api/v1/sessions/it_probe/verify");

    /**
     * Waits until the whole REST API is served: the whiteboard adds resources one by one as their bundles start, so
     * health can answer before, say, the snapshots resource exists.
     */
    private void awaitApi() {
        String[] seen = {"no answer"};
        try {
            await("the REST API's resources", Duration.ofSeconds(90), () -> {
                for (String path : API) {
                    Answer a = get(path);
                    if (a.status() == 404) {
                        seen[0] = path + ": " + a.status() + " " + a.body();
                        return false;
                    }
                }
                return true;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last answer: " + seen[0], e);
        }
    }

    /**
     * What a failed wait for the platform needs for its diagnosis, since the container's folder is gone once the
     * class ends: the warnings and errors of its log (the log level of the tests), and its threads.
     */
    private static String diagnostics() {
        StringBuilder text = new StringBuilder(logTail(Path.of(System.getProperty("karaf.data"), "log", "karaf.log")));
        text.append("\n--- threads:");
        for (java.lang.management.ThreadInfo t :
                java.lang.management.ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            text.append('\n').append(t);
        }
        return text.toString();
    }

    /** The {@code Origin} of {@link #call}: the world's, unless a test class speaks from another. */
    protected String callOrigin() {
        return TestTokens.ORIGIN;
    }

    /** A REST call as a world makes it: its {@code Origin}, the token when given, a JSON body when given. */
    protected Answer call(String method, String path, String token, String body) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Origin", callOrigin());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return send(b);
    }

    /** The last warnings, errors and bundle refreshes of a Karaf log, for a failure message. */
    static String logTail(Path karafLog) {
        StringBuilder text = new StringBuilder("\n--- " + karafLog + ", last warnings, errors and refreshes:");
        try {
            List<String> lines = Files.readAllLines(karafLog, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains("WARN")
                            || l.contains("ERROR")
                            || l.startsWith("Caused")
                            || l.contains("Refreshing bundles")
                            || l.contains("Stopping bundles"))
                    .toList();
            lines.subList(Math.max(0, lines.size() - 60), lines.size())
                    .forEach(l -> text.append('\n').append(l, 0, Math.min(l.length(), 400)));
        } catch (IOException | RuntimeException e) {
            text.append(" unreadable: ").append(e);
        }
        return text.toString();
    }

    /** Runs a console command as an operator would and returns what it printed and returned. */
    protected String executeCommand(String command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(System.in, out, out);
        try {
            Object result = session.execute(command);
            out.flush();
            return bytes.toString(StandardCharsets.UTF_8) + (result == null ? "" : result.toString());
        } catch (Exception e) {
            throw new AssertionError("command failed: " + command + ": " + e, e);
        } finally {
            session.close();
        }
    }
}
