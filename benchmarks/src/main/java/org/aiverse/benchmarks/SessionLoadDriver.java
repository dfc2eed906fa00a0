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
 * <p>Hot swap mode (issue 8, {@code --swap-from JAR --deploy DIR --swap-at SECONDS}): at {@code swap-at} seconds the
 * driver drops a second version of the sim adapter (the given bundle with {@code Bundle-Version} {@code --swap-version},
 * default 0.2.0) into the distribution's {@code deploy/} folder, and every session moves to it at a safe point. It
 * follows every intent by its id, from its {@code intent} frame (sent when the gate allowed it) to the session's
 * {@code action_result} event (the recorded ActionResult), and prints intents issued, ActionResults, lost (no result
 * after the drain), duplicated (more than one result), the longest stall of an intent during the swap and the p50/p99
 * intent-to-result latency before, during and after it. An intent is "during" the swap when its life overlaps its
 * session's swap: the interval the session's {@code adapter_swap} event reports ({@code stall_ms} up to its arrival).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.aiverse.benchmarks.SessionLoadDriver \
 *     --target aiverse --url http://127.0.0.1:8181 --pid KARAF_PID --sessions 200 --seconds 30 --rate 10 [--warmup 3]
 * java -cp benchmarks/target/benchmarks.jar org.aiverse.benchmarks.SessionLoadDriver \
 *     --target socketio --url http://127.0.0.1:3300 --pid NODE_PID --sessions 200 --seconds 30 --rate 10
 * java -cp benchmarks/target/benchmarks.jar org.aiverse.benchmarks.SessionLoadDriver \
 *     --target aiverse --url http://127.0.0.1:8181 --pid KARAF_PID --sessions 500 --seconds 40 --rate 10 \
 *     --swap-from KARAF_HOME/system/.../org.aiverse.adapter.sim-0.1.0-SNAPSHOT.jar --deploy KARAF_HOME/deploy --swap-at 15
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
    /** Set in hot swap mode (issue 8). */
    private HotSwapTracker swap;

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
        // several nodes: comma-separated; session i runs through node i mod n (its REST calls and its WebSocket)
        String[] urls = arg("url", "http://127.0.0.1:8181").split(",");
        String url = urls[0];
        int sessions = Integer.parseInt(arg("sessions", "200"));
        int seconds = Integer.parseInt(arg("seconds", "30"));
        // the load runs this long before the measurement starts: the JIT of a JVM server (Karaf, Jetty, Derby,
        // Jackson) is still compiling for the first minute or two of a load, a fifth of its CPU
        int warmup = Integer.parseInt(arg("warmup", "3"));
        int rate = Integer.parseInt(arg("rate", "10"));
        long[] pids = java.util.Arrays.stream(arg("pid", "0").split(","))
                .mapToLong(Long::parseLong)
                .toArray();
        long pid = pids[0];
        String world = arg("world", "sim");
        int swapAt = Integer.parseInt(arg("swap-at", "-1"));
        if (args.containsKey("swap-from")) {
            swap = new HotSwapTracker();
        }

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
            Client c = new Client(i);
            url = urls[i % urls.length];
            if ("aiverse".equals(target)) {
                String token = token(key, "bench_" + i);
                c.token = token;
                JsonNode started = post(
                        url + "/api/v1/sessions",
                        token,
                        "{\"snapshot_id\":\"ps_bench_" + i + "\",\"world_id\":\"" + world
                                + "\",\"mode\":\"co_experience\"}");
                String id = started.path("id").asText();
                c.id = id;
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
        url = urls[0];
        OUT.printf("%s: %d sessions connected through %d node(s)%n", target, clients.size(), urls.length);

        ScheduledExecutorService senders = Executors.newScheduledThreadPool(2);
        long period = 1_000_000L / rate;
        for (int i = 0; i < clients.size(); i++) {
            Client c = clients.get(i);
            senders.scheduleAtFixedRate(c::percept, (period / clients.size()) * i, period, TimeUnit.MICROSECONDS);
        }
        Thread.sleep(warmup * 1000L); // warm-up, not measured
        framesIn.set(0);
        intentsIn.set(0);
        perceptsOut.set(0);
        latenciesMicros.clear();
        measuring = true;
        if (swap != null) {
            swap.tracking(true);
        }
        long t0 = System.nanoTime();
        long cpu0 = pid > 0 ? cpuTicks(pid) : 0;
        long peakRss = 0;
        String heap = "";
        for (int s = 0; s < seconds; s++) {
            if (swap != null && s == swapAt) {
                swap.dropSecondVersion(
                        Path.of(arg("swap-from", "")), Path.of(arg("deploy", "deploy")), arg("swap-version", "0.2.0"));
                OUT.printf("second adapter version dropped into deploy/ at %d s%n", s);
            }
            Thread.sleep(1000);
            if (pid > 0) {
                long rss = 0;
                for (long p : pids) {
                    rss += rssKb(p);
                }
                peakRss = Math.max(peakRss, rss);
            }
        }
        measuring = false;
        double elapsed = (System.nanoTime() - t0) / 1e9;
        // the server's CPU time over the measurement (user + system): on a machine shared with other work the
        // throughput depends on the CPU the server got, its cost per frame does not
        double cpuSeconds = pid > 0 ? (cpuTicks(pid) - cpu0) / (double) CLOCK_TICKS : 0;
        if (swap != null) {
            swap.tracking(false);
        }
        if (pid > 0) {
            heap = heap(target, url, pid);
        }
        senders.shutdownNow();
        if (swap != null) {
            drainAndReport(clients, url, sessions, elapsed, rate);
        }
        long[] lat =
                latenciesMicros.stream().mapToLong(Long::longValue).sorted().toArray();
        OUT.printf(
                Locale.ROOT,
                "RESULT target=%s sessions=%d rate=%d/s warmup_s=%d seconds=%.1f percepts_out/s=%.0f frames_in/s=%.0f intents/s=%.0f"
                        + " p50_ms=%.2f p99_ms=%.2f rss_mb=%.0f heap=%s cpu_cores=%.2f cpu_ms/percept=%.3f"
                        + " cpu_ms/intent=%.3f%n",
                target,
                clients.size(),
                rate,
                warmup,
                elapsed,
                perceptsOut.get() / elapsed,
                framesIn.get() / elapsed,
                intentsIn.get() / elapsed,
                pct(lat, 0.50) / 1000.0,
                pct(lat, 0.99) / 1000.0,
                peakRss / 1024.0,
                heap,
                cpuSeconds / elapsed,
                perceptsOut.get() == 0 ? 0.0 : cpuSeconds * 1000 / perceptsOut.get(),
                intentsIn.get() == 0 ? 0.0 : cpuSeconds * 1000 / intentsIn.get());
        for (Client c : clients) {
            c.socket.abort();
        }
        System.exit(0);
    }

    /**
     * Hot swap mode: waits for the results of the intents still open (at most a minute, or 15 s without progress),
     * prints the tracker's figures, then ends every session and audits each chain through the playback API: every
     * intent the gate allowed has exactly one recorded ActionResult (none lost, none run twice), and the chain verifies.
     */
    private void drainAndReport(List<Client> clients, String url, int sessions, double elapsed, int rate)
            throws Exception {
        long open = swap.open();
        long quietSince = System.nanoTime();
        for (int i = 0; i < 60 && open > 0; i++) {
            Thread.sleep(1000);
            long now = swap.open();
            if (now < open) {
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(15)) {
                break;
            }
            open = now;
        }
        swap.print(OUT, sessions, elapsed, rate);
        if (!Boolean.parseBoolean(arg("audit", "true"))) {
            return;
        }
        long gated = 0;
        long withoutResult = 0;
        long neverEmitted = 0;
        long twice = 0;
        long notVerified = 0;
        for (Client c : clients) {
            try {
                post(url + "/api/v1/sessions/" + c.id + "/terminate", c.token, "{}");
            } catch (IllegalStateException e) {
                OUT.println("terminate: " + e.getMessage()); // already over: the audit still reads its chain
            }
        }
        for (Client c : clients) {
            Map<String, Integer> results = new ConcurrentHashMap<>();
            java.util.Set<String> allowed = new java.util.HashSet<>();
            // the session records an intent it executes (with meta); the gate records every decision (with checks)
            java.util.Set<String> emitted = new java.util.HashSet<>();
            String cursor = null;
            do {
                JsonNode page = get(
                        url + "/api/v1/sessions/" + c.id + "/playback?page_size=1000&types=intent,action"
                                + (cursor == null ? "" : "&cursor=" + cursor),
                        c.token);
                for (JsonNode e : page.path("events")) {
                    JsonNode p = e.path("payload");
                    if ("intent".equals(e.path("type").asText())
                            && p.path("allowed").asBoolean(true)) {
                        allowed.add(p.path("intent").path("intent_id").asText());
                        if (!p.has("checks")) {
                            emitted.add(p.path("intent").path("intent_id").asText());
                        }
                    } else if ("action".equals(e.path("type").asText())) {
                        results.merge(p.path("intent_id").asText(), 1, Integer::sum);
                    }
                }
                JsonNode next = page.path("page").path("next_cursor");
                cursor = next.isTextual() ? next.asText() : null;
            } while (cursor != null);
            gated += allowed.size();
            for (String intent : allowed) {
                int n = results.getOrDefault(intent, 0);
                withoutResult += n == 0 ? 1 : 0;
                neverEmitted += n == 0 && !emitted.contains(intent) ? 1 : 0;
                twice += n > 1 ? 1 : 0;
            }
            if (!get(url + "/api/v1/sessions/" + c.id + "/verify", c.token)
                    .path("ok")
                    .asBoolean()) {
                notVerified++;
            }
        }
        OUT.printf(
                Locale.ROOT,
                "HOTSWAP recorder audit over %d sessions: %d gated intents, %d without an ActionResult (%d of them"
                        + " allowed by the gate but never executed by the session), %d with more than one, %d chains"
                        + " that do not verify%n",
                clients.size(),
                gated,
                withoutResult,
                neverEmitted,
                twice,
                notVerified);
    }

    private JsonNode get(String url, String token) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .header("Origin", ORIGIN)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private static long pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
    }

    /** Linux clock ticks per second ({@code getconf CLK_TCK}): 100 on every Linux of this kind. */
    private static final long CLOCK_TICKS = 100;

    /** The process's user + system CPU time in clock ticks ({@code /proc/PID/stat} fields 14 and 15). */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
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
        // the load is the point: the gate's default speak rate (30/min) would block it. Every session is the one
        // owner's, and a single rate-limited intent blocks the owner's speech for the gate's cooldown (30 s): at
        // 100,000/min, 500 sessions ran into it after 13 s and made no intent for the rest of the run
        s.put(
                "policies",
                Map.of(
                        "autonomy",
                        "medium",
                        "rate_limits",
                        Map.of("intent.speak", Map.of("per_min", 100_000_000, "burst", 10_000_000))));
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
        final int index;
        WebSocket socket;
        String id;
        String token;
        boolean socketIo;
        private final StringBuilder partial = new StringBuilder();
        /** Send times of the percepts not answered yet, by the trace id they carry (seed 8.2 payload.meta). */
        private final Map<String, Long> pending = new ConcurrentHashMap<>();

        private long seq;
        /** The highest seq of the server's frames, and how many came since this client last acked (seed 5.4). */
        private volatile long inSeq;

        private volatile int inSinceAck;
        private long lastAckNanos = System.nanoTime();

        Client(int index) {
            this.index = index;
        }

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
                ack();
                socket.sendText(frame, true).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                pending.remove(trace);
            }
        }

        /**
         * Acks the server's frames as a client must (seed 5.4: at least every 20 messages or 500 ms), checked before
         * each percept: the server keeps every unacked frame for a resume, and a client that never acks makes it
         * hold thousands per session.
         */
        private void ack() throws Exception {
            long now = System.nanoTime();
            int since = inSinceAck;
            if (socketIo || since == 0 || (since < 20 && now - lastAckNanos < 500_000_000L)) {
                return;
            }
            inSinceAck = 0;
            lastAckNanos = now;
            String ack = "{\"type\":\"ack\",\"seq\":" + ++seq + ",\"ts\":0,\"payload\":{\"ack_seq\":" + inSeq + "}}";
            socket.sendText(ack, true).get(5, TimeUnit.SECONDS);
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
            if (!socketIo) {
                int at = text.indexOf("\"seq\":");
                if (at >= 0) {
                    long n = 0;
                    for (int i = at + 6; i < text.length() && Character.isDigit(text.charAt(i)); i++) {
                        n = n * 10 + text.charAt(i) - '0';
                    }
                    inSeq = Math.max(inSeq, n);
                    inSinceAck++;
                }
            }
            if (swap != null && !socketIo) {
                try {
                    swap.frame(index, JSON.readTree(text));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
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
