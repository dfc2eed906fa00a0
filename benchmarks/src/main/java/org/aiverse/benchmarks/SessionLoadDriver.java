package org.aiverse.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.aiverse.token.ClientKey;
import org.aiverse.token.TokenSigner;

/**
 * Load driver for the session stream (issue 7): N WebSocket sessions, each sending a chat percept {@code rate}
 * times a second for {@code seconds}, in its own process over loopback. It measures frames per second received,
 * percept-to-intent latency (p50, p99; the oldest unanswered percept of a connection is matched with each intent
 * frame), and the server's heap and RSS. The same run can target the peer: a Socket.IO 4 server relaying the same
 * frames ({@code benchmarks/socketio/relay.js}), spoken to with the Engine.IO v4 WebSocket protocol.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.aiverse.benchmarks.SessionLoadDriver \
 *     --target aiverse --url http://127.0.0.1:8181 --pid KARAF_PID --sessions 200 --seconds 30 --rate 10
 * java -cp benchmarks/target/benchmarks.jar org.aiverse.benchmarks.SessionLoadDriver \
 *     --target socketio --url http://127.0.0.1:3300 --pid NODE_PID --sessions 200 --seconds 30 --rate 10
 * </pre>
 */
public final class SessionLoadDriver {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.Random RANDOM = new java.util.Random();
    /** A load driver prints its figures: that is its output. */
    private static final PrintStream OUT = System.out;

    private static final String ORIGIN = "https://bench.example";

    private final Map<String, String> args;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final AtomicLong framesIn = new AtomicLong();
    private final AtomicLong perceptsOut = new AtomicLong();
    private final AtomicLong intentsIn = new AtomicLong();
    private final ConcurrentLinkedDeque<Long> latenciesMicros = new ConcurrentLinkedDeque<>();
    private volatile boolean measuring;

    private SessionLoadDriver(Map<String, String> args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            a.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        new SessionLoadDriver(a).run();
    }

    private String arg(String name, String dflt) {
        return args.getOrDefault(name, dflt);
    }

    private void run() throws Exception {
        String target = arg("target", "aiverse");
        String url = arg("url", "http://127.0.0.1:8181");
        int sessions = Integer.parseInt(arg("sessions", "200"));
        int seconds = Integer.parseInt(arg("seconds", "30"));
        int rate = Integer.parseInt(arg("rate", "10"));
        long pid = Long.parseLong(arg("pid", "0"));

        List<Client> clients = new ArrayList<>();
        ClientKey key = ClientKey.generate(ClientKey.ES256);
        if ("aiverse".equals(target)) {
            // one personality per session, as in production (a snapshot is one person's): sessions of one snapshot
            // would retrieve each other's fresh memories, a scan that grows with every session's percepts
            String setup = token(key, "bench_setup");
            for (int i = 0; i < sessions; i++) {
                post(url + "/api/v1/snapshots", setup, snapshot(key, "ps_bench_" + i));
            }
        }
        for (int i = 0; i < sessions; i++) {
            Client c = new Client();
            if ("aiverse".equals(target)) {
                String token = token(key, "bench_" + i);
                JsonNode started = post(
                        url + "/api/v1/sessions",
                        token,
                        "{\"snapshot_id\":\"ps_bench_" + i + "\",\"world_id\":\"sim\",\"mode\":\"co_experience\"}");
                String id = started.path("id").asText();
                c.socket = http.newWebSocketBuilder()
                        .header("Authorization", "Bearer " + token)
                        .header("Origin", ORIGIN)
                        .buildAsync(
                                URI.create(url.replace("http", "ws") + "/ws/sessions/" + id + "?participant=bench"), c)
                        .get(30, TimeUnit.SECONDS);
            } else {
                c.socketIo = true;
                c.socket = http.newWebSocketBuilder()
                        .buildAsync(URI.create(url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket"), c)
                        .get(30, TimeUnit.SECONDS);
                c.socket.sendText("40", true).get(10, TimeUnit.SECONDS);
            }
            clients.add(c);
        }
        OUT.printf("%s: %d sessions connected%n", target, clients.size());

        ScheduledExecutorService senders = Executors.newScheduledThreadPool(2);
        long period = 1_000_000L / rate;
        for (int i = 0; i < clients.size(); i++) {
            Client c = clients.get(i);
            senders.scheduleAtFixedRate(c::percept, (period / clients.size()) * i, period, TimeUnit.MICROSECONDS);
        }
        Thread.sleep(3000); // warm-up, not measured
        framesIn.set(0);
        intentsIn.set(0);
        perceptsOut.set(0);
        latenciesMicros.clear();
        measuring = true;
        long t0 = System.nanoTime();
        long peakRss = 0;
        String heap = "";
        for (int s = 0; s < seconds; s++) {
            Thread.sleep(1000);
            if (pid > 0) {
                peakRss = Math.max(peakRss, rssKb(pid));
            }
        }
        measuring = false;
        double elapsed = (System.nanoTime() - t0) / 1e9;
        if (pid > 0) {
            heap = heap(target, url, pid);
        }
        senders.shutdownNow();
        long[] lat =
                latenciesMicros.stream().mapToLong(Long::longValue).sorted().toArray();
        OUT.printf(
                Locale.ROOT,
                "RESULT target=%s sessions=%d rate=%d/s seconds=%.1f percepts_out/s=%.0f frames_in/s=%.0f intents/s=%.0f"
                        + " p50_ms=%.2f p99_ms=%.2f rss_mb=%.0f heap=%s%n",
                target,
                clients.size(),
                rate,
                elapsed,
                perceptsOut.get() / elapsed,
                framesIn.get() / elapsed,
                intentsIn.get() / elapsed,
                pct(lat, 0.50) / 1000.0,
                pct(lat, 0.99) / 1000.0,
                peakRss / 1024.0,
                heap);
        for (Client c : clients) {
            c.socket.abort();
        }
        System.exit(0);
    }

    private static long pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private String heap(String target, String url, long pid) {
        try {
            if ("socketio".equals(target)) {
                JsonNode mem = JSON.readTree(http.send(
                                HttpRequest.newBuilder(URI.create(url + "/mem")).build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
                return String.format(Locale.ROOT, "%.0fMB", mem.path("heapUsed").asDouble() / 1048576);
            }
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), "GC.heap_info")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(20, TimeUnit.SECONDS);
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("used (\\d+)K").matcher(out);
            return m.find() ? (Long.parseLong(m.group(1)) / 1024) + "MB" : "?";
        } catch (Exception e) {
            return "?";
        }
    }

    private static String token(ClientKey key, String session) {
        long now = System.currentTimeMillis() / 1000;
        return TokenSigner.hive(
                key, new TokenSigner.Claims("bench", session, List.of("persona.use"), now, now + 1800, ORIGIN, null));
    }

    private static String snapshot(ClientKey key, String id) throws IOException {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", id);
        s.put("version", 1);
        s.put("owner_id", "bench");
        s.put("profile", Map.of("name", "Bench"));
        s.put("memory_index", List.of());
        s.put("created_at", 1712345000);
        s.put("updated_at", 1712345000);
        // the load is the point: the gate's default speak rate (30/min) would block it
        s.put(
                "policies",
                Map.of(
                        "autonomy",
                        "medium",
                        "rate_limits",
                        Map.of("intent.speak", Map.of("per_min", 100_000, "burst", 10_000))));
        s.put("owner_key", key.publicJwk());
        return JSON.writeValueAsString(s);
    }

    private JsonNode post(String url, String token, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .header("Origin", ORIGIN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300 && !(url.endsWith("/snapshots") && r.statusCode() == 409)) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** One session connection. */
    private final class Client implements WebSocket.Listener {
        WebSocket socket;
        boolean socketIo;
        private final StringBuilder partial = new StringBuilder();
        /** Send times of the percepts not answered yet, by the trace id they carry (seed 8.2 payload.meta). */
        private final Map<String, Long> pending = new ConcurrentHashMap<>();

        private long seq;

        synchronized void percept() {
            long s = ++seq;
            long now = System.currentTimeMillis() / 1000;
            String trace = String.format("%016x%016x", RANDOM.nextLong(), RANDOM.nextLong());
            String span = String.format("%016x", RANDOM.nextLong() | 1);
            String frame = "{\"type\":\"event\",\"seq\":" + s + ",\"ts\":" + now + ",\"payload\":{\"id\":\"p_" + s
                    + "\",\"type\":\"chat\",\"source\":\"user\",\"payload\":{\"text\":\"Tell me about picture " + s
                    + "\",\"speaker\":\"bench\"},\"ts\":" + now + ",\"meta\":{\"trace_id\":\"" + trace
                    + "\",\"span_id\":\"" + span + "\"}}}";
            if (socketIo) {
                frame = "42[\"frame\"," + frame + "]";
            }
            pending.put(trace, System.nanoTime());
            if (measuring) {
                perceptsOut.incrementAndGet();
            }
            try {
                socket.sendText(frame, true).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                pending.remove(trace);
            }
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                handle(webSocket, text);
            }
            webSocket.request(1);
            return null;
        }

        private void handle(WebSocket ws, String text) {
            if (socketIo) {
                if (text.equals("2")) {
                    ws.sendText("3", true); // Engine.IO ping/pong
                    return;
                }
                if (!text.startsWith("42")) {
                    return;
                }
                int comma = text.indexOf(',');
                text = text.substring(comma + 1, text.length() - 1);
            }
            if (measuring) {
                framesIn.incrementAndGet();
            }
            if (text.contains("\"type\":\"intent\"")) {
                int at = text.indexOf("\"trace_id\":\"");
                Long sent = at < 0 ? null : pending.remove(text.substring(at + 12, Math.min(text.length(), at + 44)));
                if (sent != null && measuring) {
                    intentsIn.incrementAndGet();
                    latenciesMicros.add((System.nanoTime() - sent) / 1000);
                }
            } else if (!socketIo && text.contains("\"type\":\"heartbeat\"")) {
                ws.sendText("{\"type\":\"heartbeat\",\"seq\":" + nextSeq() + ",\"ts\":0,\"payload\":{}}", true);
            }
        }

        private synchronized long nextSeq() {
            return ++seq;
        }
    }
}
