package org.aiverse.headset.itests;

import static org.junit.Assert.fail;
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
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.inject.Inject;
import org.aiverse.json.Json;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/**
 * Boots the real AI-Verse distribution (karaf-assembly) in Pax Exam on free ports, as the platform's own
 * integration tests do, for the headset feature: one container per test class.
 */
public abstract class HeadsetTestSupport {

    private static final String HTTP_PORT = "aiverse.it.http.port";

    @Inject
    protected SessionFactory sessionFactory;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The options every container needs; subclasses add their own. */
    protected static Option[] platform(Option... extra) {
        int httpPort = freePort();
        int brokerPort = freePort();
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
                // the probe's extender waits for Pax Exam's own services, 10 s by default: too short on a loaded
                // machine
                systemProperty("pax.exam.service.timeout").value("120000"),
                // on a loaded machine Pax Exam's invoker may start later than the probe's 10 s lookup of it
                systemProperty("org.ops4j.pax.exam.raw.extender.intern.Parser.DEFAULT_TIMEOUT")
                        .value("150000"),
                vmOption("-Djdk.util.zip.disableZip64ExtraFieldValidation=true"),
                vmOption("-Xmx768m"),
                systemProperty(HTTP_PORT).value(Integer.toString(httpPort)),
                systemProperty("aiverse.repo").value(System.getProperty("aiverse.repo", "")),
                editConfigurationFilePut(
                        "etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(httpPort)),
                editConfigurationFilePut(
                        "etc/org.apache.karaf.management.cfg", "rmiRegistryPort", Integer.toString(freePort())),
                editConfigurationFilePut(
                        "etc/org.apache.karaf.management.cfg", "rmiServerPort", Integer.toString(freePort())),
                editConfigurationFilePut(
                        "etc/org.ops4j.pax.url.mvn.cfg",
                        "org.ops4j.pax.url.mvn.localRepository",
                        System.getProperty("maven.repo.local")),
                // the headset retries quickly in tests, so that a returning runtime is seen soon
                editConfigurationFilePut("etc/org.aiverse.headset.cfg", "retryMillis", "500"),
                editConfigurationFilePut("etc/org.aiverse.headset.cfg", "gazeTargets", "statue=0,1.6,-2,1.0"),
                replaceConfigurationFile("etc/artemis.xml", brokerConfig(brokerPort)),
                editConfigurationFilePut(
                        "etc/org.aiverse.bus.cfg",
                        "url",
                        "tcp://127.0.0.1:" + brokerPort + "?reconnectAttempts=-1&retryInterval=200")));
        options.addAll(Arrays.asList(extra));
        return options.toArray(Option[]::new);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipped etc/artemis.xml with the acceptor moved to {@code port}. */
    private static File brokerConfig(int port) {
        try {
            Path repo = Path.of(System.getProperty("aiverse.repo", "../.."));
            String shipped = Files.readString(repo.resolve("etc").resolve("artemis.xml"));
            Files.createDirectories(Path.of("target"));
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

    /** GET as JSON. */
    protected JsonNode getJson(String path) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + path))
                            .timeout(Duration.ofSeconds(30))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() != 200 && r.statusCode() != 503) {
                throw new AssertionError("GET " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return Json.mapper().readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The headset's entry in {@code GET /api/v1/bridges?kind=headset}, or a missing node. */
    protected JsonNode headsetBridge() {
        for (JsonNode b : getJson("/api/v1/bridges?kind=headset&health=any").path("items")) {
            if ("headset".equals(b.path("id").asText())) {
                return b;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** Waits for an outcome, checking it every 100 ms, and fails with {@code what} when it does not come. */
    protected static void await(String what, Duration timeout, BooleanSupplier outcome) {
        await(what, timeout, new String[] {""}, outcome);
    }

    /** Waits for an outcome; on time out the message tells what was last seen ({@code seen[0]}). */
    protected static void await(String what, Duration timeout, String[] seen, BooleanSupplier outcome) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!outcome.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout + " waiting for " + what + "; last seen: " + seen[0]);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    /** Waits until the REST application answers health with every core component up. */
    protected JsonNode awaitHealthy() {
        JsonNode[] last = new JsonNode[1];
        String[] seen = {"no answer"};
        try {
            await("GET /api/v1/health to report every component up", Duration.ofSeconds(90), () -> {
                try {
                    JsonNode h = getJson("/api/v1/health");
                    seen[0] = h.toString();
                    last[0] = h;
                    java.util.Set<String> names = new java.util.HashSet<>();
                    for (JsonNode c : h.path("components")) {
                        names.add(c.path("name").asText());
                    }
                    return "up".equals(h.path("status").asText())
                            && names.containsAll(List.of("database", "bus", "platform"));
                } catch (UncheckedIOException | AssertionError e) {
                    seen[0] = e.getMessage();
                    return false;
                }
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last answer: " + seen[0], e);
        }
        return last[0];
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
