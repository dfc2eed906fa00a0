package org.aiverse.itests;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.aiverse.itests.PlatformTestSupport.Answer;

/**
 * One AI-Verse node of a {@link ClusterNodes} cluster: the real distribution in its own directory (made by {@code
 * scripts/node.sh create}), run as a process of its own ({@code bin/karaf daemon}, which execs the JVM: the process
 * this class holds is the node's JVM, so {@link #kill()} is a real crash). HTTP, SSH and RMI on free ports.
 */
final class KarafNode {

    /** The operator every node knows (HTTP Basic for operator endpoints, SSH for console commands). */
    static final String OPERATOR = "opal";

    static final String OPERATOR_PASSWORD = "opal-secret";

    private final String name;
    private final Path dir;
    private final int httpPort;
    private final int sshPort;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile Process process;

    KarafNode(String name, Path dir, int httpPort, int sshPort) {
        this.name = name;
        this.dir = dir;
        this.httpPort = httpPort;
        this.sshPort = sshPort;
    }

    String name() {
        return name;
    }

    Path dir() {
        return dir;
    }

    int httpPort() {
        return httpPort;
    }

    /** {@code http://127.0.0.1:<port>}, the node's REST base is {@code baseUrl() + "/api/v1"}. */
    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** The session WebSocket of {@code sessionId} on this node. */
    String wsUrl(String sessionId) {
        return "ws://127.0.0.1:" + httpPort + "/ws/sessions/" + sessionId;
    }

    // ------------------------------------------------------------------ process

    /** Boots the node in the background; {@link #awaitHealthy} waits for it. */
    synchronized void start() {
        if (alive()) {
            throw new IllegalStateException(name + " already runs");
        }
        try {
            Files.createDirectories(dir.resolve("data/log"));
            ProcessBuilder pb = new ProcessBuilder(dir.resolve("bin/karaf").toString(), "daemon")
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("data/log/console.log").toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            // the test JVM's Karaf settings (Pax Exam's) are not the node's
            pb.environment().keySet().removeIf(k -> k.startsWith("KARAF_") || k.equals("JAVA_OPTS"));
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node " + name, e);
        }
    }

    boolean alive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** The node's JVM, while it runs. */
    ProcessHandle jvm() {
        Process p = process;
        if (p == null) {
            throw new IllegalStateException(name + " was not started");
        }
        return p.toHandle();
    }

    /**
     * A crash: SIGKILL of the node's JVM (and of anything it started), waiting until it is gone. Its sessions,
     * connections and bus consumers end without any goodbye.
     */
    synchronized void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("node " + name + " (pid " + p.pid() + ") survived SIGKILL for 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted killing " + name, e);
        }
    }

    /** A clean stop ({@code bin/stop}); a node that does not stop within 90 s is killed. */
    synchronized void stop() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        try {
            Process stop = new ProcessBuilder(dir.resolve("bin/stop").toString())
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("data/log/console.log").toFile()))
                    .start();
            stop.waitFor(60, TimeUnit.SECONDS);
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (IOException e) {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    // ------------------------------------------------------------------ health

    /** Resources every booted node serves (401 without credentials once registered, 404 before). */
    private static final List<String> API = List.of(
            "/api/v1/snapshots/it_probe",
            "/api/v1/sessions/it_probe/state",
            "/api/v1/recorder/sessions",
            "/api/v1/bridges");

    /**
     * Waits until GET /api/v1/health reports every component up (database, bus and platform among them) and the
     * REST API's resources are all registered; returns the health report. Fails with the log's tail.
     */
    JsonNode awaitHealthy(Duration timeout) {
        JsonNode[] last = {null};
        String[] seen = {"no answer"};
        try {
            PlatformTestSupport.await(name + " to report every component up", timeout, () -> {
                if (!alive()) {
                    throw new AssertionError("node " + name + " exited with " + process.exitValue());
                }
                try {
                    Answer a = get("/api/v1/health");
                    seen[0] = a.status() + " " + a.body();
                    if (!a.body().startsWith("{")) {
                        return false;
                    }
                    JsonNode h = a.json();
                    if (!"up".equals(h.path("status").asText()) || !hasComponents(h, "database", "bus", "platform")) {
                        return false;
                    }
                    for (String path : API) {
                        Answer r = get(path);
                        if (r.status() == 404) {
                            seen[0] = path + " not served yet";
                            return false;
                        }
                    }
                    last[0] = h;
                    return true;
                } catch (UncheckedIOException e) {
                    seen[0] = "not listening: " + e.getMessage();
                    return false;
                }
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last answer: " + seen[0] + diagnostics(), e);
        }
        return last[0];
    }

    /** The component of a health report by name, or a missing node. */
    static JsonNode component(JsonNode health, String name) {
        for (JsonNode c : health.path("components")) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static boolean hasComponents(JsonNode health, String... names) {
        Set<String> present = new HashSet<>();
        health.path("components").forEach(c -> present.add(c.path("name").asText()));
        return present.containsAll(List.of(names));
    }

    // ------------------------------------------------------------------ HTTP

    Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET());
    }

    Answer post(String path, String json) {
        return call("POST", path, null, json);
    }

    /** A REST call as a world makes it: the test origin, the token when given, a JSON body when given. */
    Answer call(String method, String path, String token, String body) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Origin", TestTokens.ORIGIN);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(withBody(b, method, body));
    }

    /** A REST call as the operator {@link #OPERATOR} (HTTP Basic against the node's Karaf JAAS). */
    Answer asOperator(String method, String path, String body) {
        String basic = Base64.getEncoder()
                .encodeToString((OPERATOR + ":" + OPERATOR_PASSWORD).getBytes(StandardCharsets.UTF_8));
        return send(withBody(
                HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Authorization", "Basic " + basic),
                method,
                body));
    }

    private static HttpRequest.Builder withBody(HttpRequest.Builder b, String method, String body) {
        if (body != null) {
            return b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        return b.method(method, HttpRequest.BodyPublishers.noBody());
    }

    Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(
                    request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    // ------------------------------------------------------------------ console

    /**
     * Runs console commands on the node as the operator, over its SSH port ({@code bin/client} in batch mode), and
     * returns what the session printed. Some commands print nothing in batch mode: check their effect.
     */
    String console(String commands) {
        try {
            Path input = Files.createTempFile(dir, "console-", ".txt");
            Files.writeString(input, commands + "\n");
            Path output = Files.createTempFile(dir, "console-", ".out");
            Process client = new ProcessBuilder(
                            dir.resolve("bin/client").toString(),
                            "-h",
                            "127.0.0.1",
                            "-a",
                            Integer.toString(sshPort),
                            "-u",
                            OPERATOR,
                            "-p",
                            OPERATOR_PASSWORD,
                            "-r",
                            "30",
                            "-b")
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectInput(input.toFile())
                    .redirectOutput(output.toFile())
                    .start();
            if (!client.waitFor(120, TimeUnit.SECONDS)) {
                client.destroyForcibly();
                throw new AssertionError("console on " + name + " did not end in 120 s: " + commands);
            }
            String out = Files.readString(output);
            Files.deleteIfExists(input);
            Files.deleteIfExists(output);
            if (client.exitValue() != 0) {
                throw new AssertionError(
                        "console on " + name + " failed (" + client.exitValue() + "): " + commands + "\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    // ------------------------------------------------------------------ diagnostics

    /** The node's log: warnings, errors and refreshes of karaf.log, and the end of its console output. */
    String diagnostics() {
        StringBuilder text = new StringBuilder("\n=== node " + name + " (" + dir + ", "
                + (alive() ? "running, pid " + process.pid() : "not running") + ")");
        text.append(PlatformTestSupport.logTail(dir.resolve("data/log/karaf.log")));
        Path console = dir.resolve("data/log/console.log");
        text.append("\n--- ").append(console).append(", end:");
        try {
            List<String> lines = Files.exists(console) ? Files.readAllLines(console) : new ArrayList<>();
            lines.subList(Math.max(0, lines.size() - 20), lines.size())
                    .forEach(l -> text.append('\n').append(l, 0, Math.min(l.length(), 400)));
        } catch (IOException | RuntimeException e) {
            text.append(" unreadable: ").append(e);
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return name + "@" + baseUrl();
    }
}
