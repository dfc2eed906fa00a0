package org.aiverse.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aiverse.json.Json;
import org.junit.After;
import org.junit.Test;

/**
 * Durability under a real crash: the distribution (karaf-assembly's tar.gz, unpacked under target/) runs as its
 * own process on free ports and a fresh PostgreSQL database; 64 client threads append events to 16 sessions over
 * the operator REST path and record every acknowledged (201) seq and hash; the JVM is killed with SIGKILL in the
 * middle of the load and started again. Every acknowledged event must be present, unchanged, every chain must
 * verify, and appends continue each chain without a gap.
 */
public class RecorderCrashIT {

    private static final String USER = "crashop";
    private static final String PASSWORD = "crash-" + UUID.randomUUID();
    private static final int SESSIONS = 16;
    private static final int THREADS_PER_SESSION = 4;

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(8))
            .build();
    private Path home;
    private Process karaf;
    private String database;
    private int port;

    @After
    public void stop() throws Exception {
        kill();
        if (database != null) {
            try (Connection c = PlatformTestSupport.postgres("postgres");
                    Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    @Test
    public void aKilledProcessLosesNoAcknowledgedEventAndEveryChainVerifies() throws Exception {
        unpackAndConfigure();
        start();
        Map<String, Map<Long, String>> acked = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong acks = new AtomicLong();
        AtomicReference<String> lastRefusal = new AtomicReference<>("none");
        Map<Integer, Long> refusals = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(SESSIONS * THREADS_PER_SESSION);
        for (int s = 0; s < SESSIONS; s++) {
            String session = "crash_" + s;
            acked.put(session, new ConcurrentHashMap<>());
            for (int t = 0; t < THREADS_PER_SESSION; t++) {
                int thread = t;
                clients.submit(() -> {
                    long i = 0;
                    while (running.get()) {
                        try {
                            HttpResponse<String> r = http.send(
                                    post(
                                            "/api/v1/recorder/sessions/" + session + "/events",
                                            "{\"actor\":\"ai\",\"type\":\"intent\",\"payload\":{\"type\":\"speak\","
                                                    + "\"params\":{\"text\":\"t" + thread + " n" + i++ + "\"}}}"),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 201) {
                                JsonNode e = Json.mapper().readTree(r.body());
                                acked.get(session)
                                        .put(
                                                e.path("seq").asLong(),
                                                e.path("hash").asText());
                                acks.incrementAndGet();
                            } else {
                                refusals.merge(r.statusCode(), 1L, Long::sum);
                                lastRefusal.set(r.statusCode() + " " + r.body());
                                // a sane client waits a moment before asking again: forty threads repeating a refused
                                // request without pause starve the two cores the platform needs to recover
                                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                            }
                        } catch (IOException e) {
                            // the server is gone (killed) or not yet back
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
            }
        }
        try {
            PlatformTestSupport.await(
                    "2000 acknowledged appends under load", Duration.ofSeconds(120), () -> acks.get() >= 2000);
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + " (acknowledged " + acks.get() + ", refusals by status " + refusals
                            + ", last refusal: " + lastRefusal.get() + ")"
                            + PlatformTestSupport.logTail(home.resolve("data/log/karaf.log")),
                    e);
        }
        long beforeKill = acks.get();
        kill(); // SIGKILL, mid-load
        running.set(false);
        clients.shutdownNow();
        assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS));
        long total = acked.values().stream().mapToLong(Map::size).sum();
        assertTrue("acknowledged while the load ran: " + total, total >= beforeKill);

        start();
        for (Map.Entry<String, Map<Long, String>> e : acked.entrySet()) {
            String session = e.getKey();
            Map<Long, String> stored = storedHashes(session);
            for (Map.Entry<Long, String> ack : e.getValue().entrySet()) {
                assertEquals(
                        session + " seq " + ack.getKey() + " was acknowledged",
                        ack.getValue(),
                        stored.get(ack.getKey()));
            }
            JsonNode v = jsonWhenServed("/api/v1/recorder/sessions/" + session + "/verify");
            assertTrue(session + ": " + v, v.path("ok").asBoolean());
            assertEquals(stored.size(), v.path("verified").asLong());
            long max = e.getValue().keySet().stream()
                    .mapToLong(Long::longValue)
                    .max()
                    .orElse(0);
            assertTrue(session + " holds every acknowledged seq", stored.size() >= max);
            HttpResponse<String> next = appendWhenServed(session);
            assertEquals(next.body(), 201, next.statusCode());
            assertEquals(
                    "the chain continues without a gap",
                    stored.size() + 1,
                    json(next).path("seq").asLong());
        }
    }

    // ------------------------------------------------------------------ the distribution as a process

    private void unpackAndConfigure() throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        Path dir = Files.createTempDirectory(target, "crash-");
        String tarball = System.getProperty("aiverse.distribution");
        run(dir, "tar", "xzf", tarball);
        try (var children = Files.list(dir)) {
            home = children.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        port = Ports.free();
        int broker = Ports.free();
        database = PlatformTestSupport.createPostgresDatabase();
        set("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(port));
        set("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(Ports.free()));
        set("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", Integer.toString(Ports.free()));
        set("etc/org.apache.karaf.management.cfg", "rmiServerPort", Integer.toString(Ports.free()));
        set("etc/users.properties", USER, PASSWORD + ",aiverse-operator");
        replace("etc/artemis.xml", "127.0.0.1:61616", "127.0.0.1:" + broker);
        replace("etc/org.aiverse.bus.cfg", "127.0.0.1:61616", "127.0.0.1:" + broker);
        Files.writeString(
                home.resolve("etc/org.ops4j.datasource-aiverse.cfg"),
                PlatformTestSupport.postgresDataSourceConfig(database, 12));
    }

    private void start() throws Exception {
        File log = home.resolve("karaf-console.log").toFile();
        ProcessBuilder pb = new ProcessBuilder("bin/karaf", "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        pb.environment().put("JAVA_MAX_MEM", "768m");
        karaf = pb.start();
        PlatformTestSupport.await("the distribution to come up (see " + log + ")", Duration.ofSeconds(150), () -> {
            if (!karaf.isAlive()) {
                try {
                    fail("karaf exited: " + Files.readString(log.toPath()));
                } catch (IOException e) {
                    fail("karaf exited; see " + log);
                }
            }
            return recorderServed();
        });
    }

    /** Whether health reports the platform up, the recorder with it, and its operator endpoint answers. */
    private boolean recorderServed() {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(base() + "/api/v1/health"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            // the whole platform up, the boot finished included: before that the features service may still
            // refresh bundles and take every endpoint away for a moment
            if (!r.body().startsWith("{") || !"up".equals(json(r).path("status").asText())) {
                return false;
            }
            for (JsonNode c : json(r).path("components")) {
                if ("recorder".equals(c.path("name").asText())
                        && "up".equals(c.path("status").asText())) {
                    return http.send(get("/api/v1/recorder/sessions"), HttpResponse.BodyHandlers.ofString())
                                    .statusCode()
                            == 200;
                }
            }
            return false;
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** SIGKILL to the JVM and whatever the start script left (no shutdown hooks run). */
    private void kill() throws InterruptedException {
        if (karaf == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(karaf.descendants().toList());
        all.add(karaf.toHandle());
        for (ProcessHandle p : all) {
            p.destroyForcibly();
        }
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // already gone
            }
        }
        karaf = null;
    }

    // ------------------------------------------------------------------ helpers

    private Map<Long, String> storedHashes(String session) throws SQLException {
        Map<Long, String> out = new HashMap<>();
        try (Connection c = PlatformTestSupport.postgres(database);
                PreparedStatement ps =
                        c.prepareStatement("SELECT seq, hash FROM recorder_event WHERE session_id = ? ORDER BY seq")) {
            ps.setString(1, session);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    private HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(base() + path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", basic())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(base() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", basic())
                .GET()
                .build();
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Appends one event after the restart. While the JAX-RS whiteboard is still re-assembling the application, CXF
     * answers 404 "No service was found" without reaching any resource (nothing is appended): ask again then.
     */
    private HttpResponse<String> appendWhenServed(String session) {
        List<HttpResponse<String>> last = new ArrayList<>();
        PlatformTestSupport.await("an append to " + session + " served", Duration.ofSeconds(60), () -> {
            HttpResponse<String> r = send(post(
                    "/api/v1/recorder/sessions/" + session + "/events",
                    "{\"actor\":\"system\",\"type\":\"state_change\",\"payload\":{\"to\":\"running\"}}"));
            last.add(0, r);
            return !(r.statusCode() == 404 && r.body().contains("No service was found"));
        });
        return last.get(0);
    }

    /**
     * A JSON answer from a resource of the restarted platform. Right after a restart the JAX-RS whiteboard may still
     * be registering resources, and Jetty answers with its own HTML page meanwhile: wait for the JSON answer.
     */
    private JsonNode jsonWhenServed(String path) throws IOException {
        List<HttpResponse<String>> last = new ArrayList<>();
        PlatformTestSupport.await("a JSON answer from " + path, Duration.ofSeconds(60), () -> {
            HttpResponse<String> r = send(get(path));
            last.add(0, r);
            return r.statusCode() == 200 && r.body().startsWith("{");
        });
        return json(last.get(0));
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return Json.mapper().readTree(r.body());
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private void set(String file, String key, String value) throws IOException {
        Path p = home.resolve(file);
        String text = Files.readString(p);
        Matcher m =
                Pattern.compile("(?m)^\\s*" + Pattern.quote(key) + "\\s*=.*$").matcher(text);
        String line = key + " = " + value;
        text = m.find() ? m.replaceAll(Matcher.quoteReplacement(line)) : text + "\n" + line + "\n";
        Files.writeString(p, text);
    }

    private void replace(String file, String from, String to) throws IOException {
        Path p = home.resolve(file);
        Files.writeString(p, Files.readString(p).replace(from, to));
    }

    private static void run(Path dir, String... command) throws Exception {
        Process p =
                new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        assertEquals(String.join(" ", command), 0, p.waitFor());
    }
}
