package org.aiverse.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The hot swap half of {@link SessionLoadDriver} (issue 8): follows every intent by its id from its {@code intent}
 * frame (the session sends it when the gate allowed the intent) to the session's {@code action_result} event (the
 * recorded ActionResult), notes each session's {@code adapter_swap} event, drops the second adapter version into
 * {@code deploy/}, and prints the figures.
 */
final class HotSwapTracker {

    /** One intent, as the client saw it. */
    static final class Track {
        final int session;
        final long issued;
        volatile long resulted;
        final AtomicInteger results = new AtomicInteger();
        final AtomicInteger intentFrames = new AtomicInteger(1);

        Track(int session, long issued) {
            this.session = session;
            this.issued = issued;
        }
    }

    /** A session's swap: its event arrived at {@code arrived}; its gate was closed for {@code stallMs} before. */
    record Swap(int session, long arrived, long stallMs, String to) {}

    private final Map<String, Track> intents = new ConcurrentHashMap<>();
    private final List<Swap> swaps = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger unknownResults = new AtomicInteger();
    private volatile boolean tracking;
    private volatile long droppedAt;

    void tracking(boolean on) {
        tracking = on;
    }

    /** One text frame a session's client received (the platform's JSON envelope). */
    void frame(int session, JsonNode frame) {
        long now = System.nanoTime();
        JsonNode payload = frame.path("payload");
        switch (frame.path("type").asText()) {
            case "intent" -> {
                String id = payload.path("intent_id").asText();
                if (tracking) {
                    Track known = intents.putIfAbsent(id, new Track(session, now));
                    if (known != null) {
                        known.intentFrames.incrementAndGet();
                    }
                }
            }
            case "event" -> {
                JsonNode inner = payload.path("payload");
                if (inner.has("action_result")) {
                    Track t = intents.get(
                            inner.path("action_result").path("intent_id").asText());
                    if (t == null) {
                        unknownResults.incrementAndGet(); // an intent from before the measurement
                    } else if (t.results.incrementAndGet() == 1) {
                        t.resulted = now;
                    }
                } else if (inner.has("adapter_swap")) {
                    JsonNode s = inner.path("adapter_swap");
                    swaps.add(new Swap(
                            session,
                            now,
                            s.path("stall_ms").asLong(),
                            s.path("to").asText()));
                }
            }
            default -> {}
        }
    }

    /**
     * Drops a second version of the adapter bundle into {@code deploy/}: the same jar with another
     * {@code Bundle-Version}, so that Karaf's file installer installs it beside the first (a real OSGi update).
     */
    void dropSecondVersion(Path jar, Path deploy, String version) throws IOException {
        Path staged = Files.createTempFile(deploy.getParent(), "adapter-v2-", ".jar");
        try (JarFile in = new JarFile(jar.toFile())) {
            Manifest mf = new Manifest(in.getManifest());
            mf.getMainAttributes().putValue("Bundle-Version", version);
            try (JarOutputStream o = new JarOutputStream(new FileOutputStream(staged.toFile()), mf)) {
                for (JarEntry e : Collections.list(in.entries())) {
                    if (e.getName().equals(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    o.putNextEntry(new JarEntry(e.getName()));
                    try (InputStream s = in.getInputStream(e)) {
                        s.transferTo(o);
                    }
                    o.closeEntry();
                }
            }
        }
        droppedAt = System.nanoTime();
        Files.move(
                staged,
                deploy.resolve(jar.getFileName().toString().replace(".jar", "-" + version + ".jar")),
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** How many intents still wait for their result. */
    long open() {
        return intents.values().stream().filter(t -> t.results.get() == 0).count();
    }

    int swapsSeen() {
        return swaps.size();
    }

    /** Prints the figures; {@code sessions} is how many sessions ran. */
    void print(PrintStream out, int sessions, double seconds, int rate) {
        long[] windowStart = new long[sessions];
        long[] windowEnd = new long[sessions];
        java.util.Arrays.fill(windowStart, Long.MAX_VALUE);
        java.util.Arrays.fill(windowEnd, Long.MIN_VALUE);
        long lastSwap = Long.MIN_VALUE;
        long maxStallMs = 0;
        List<Swap> seen;
        synchronized (swaps) {
            seen = new ArrayList<>(swaps);
        }
        for (Swap s : seen) {
            // the session's gate was closed from (arrival - stall) to its arrival
            windowStart[s.session()] = Math.min(windowStart[s.session()], s.arrived() - s.stallMs() * 1_000_000L);
            windowEnd[s.session()] = Math.max(windowEnd[s.session()], s.arrived());
            lastSwap = Math.max(lastSwap, s.arrived());
            maxStallMs = Math.max(maxStallMs, s.stallMs());
        }
        long moved = java.util.Arrays.stream(windowEnd)
                .filter(e -> e != Long.MIN_VALUE)
                .count();
        List<Long> before = new ArrayList<>();
        List<Long> during = new ArrayList<>();
        List<Long> after = new ArrayList<>();
        long longestAtGate = 0;
        long lost = 0;
        long duplicated = 0;
        long results = 0;
        long reissued = 0;
        long dropped = droppedAt;
        for (Track t : intents.values()) {
            int n = t.results.get();
            results += n;
            if (n == 0) {
                lost++;
                continue;
            }
            if (n > 1) {
                duplicated++;
            }
            if (t.intentFrames.get() > 1) {
                reissued++;
            }
            long latency = t.resulted - t.issued;
            if (dropped != 0 && t.resulted < dropped) {
                before.add(latency);
            } else if (lastSwap != Long.MIN_VALUE && t.issued > lastSwap) {
                after.add(latency);
            } else {
                during.add(latency);
            }
            if (t.issued <= windowEnd[t.session] && t.resulted >= windowStart[t.session]) {
                longestAtGate = Math.max(longestAtGate, latency);
            }
        }
        out.printf(
                Locale.ROOT,
                "HOTSWAP sessions=%d rate=%d/s seconds=%.1f sessions_moved=%d swap_events=%d intents_issued=%d"
                        + " intents/s=%.0f action_results=%d lost=%d duplicated=%d intent_frames_twice=%d"
                        + " results_for_untracked=%d%n",
                sessions,
                rate,
                seconds,
                moved,
                seen.size(),
                intents.size(),
                intents.size() / seconds,
                results,
                lost,
                duplicated,
                reissued,
                unknownResults.get());
        out.printf(
                Locale.ROOT,
                "HOTSWAP swap: longest stall of an intent during the swap %.1f ms (any intent alive from the drop of v2"
                        + " to the last session moved: %.1f ms); longest gate closure reported by a session %d ms;"
                        + " the swap took %.1f s from the drop to the last session moved%n",
                longestAtGate / 1e6,
                max(during) / 1e6,
                maxStallMs,
                lastSwap == Long.MIN_VALUE || dropped == 0 ? Double.NaN : (lastSwap - dropped) / 1e9);
        print(out, "before", before);
        print(out, "during", during);
        print(out, "after", after);
    }

    private static long max(List<Long> l) {
        return l.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static void print(PrintStream out, String phase, List<Long> latencies) {
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        out.printf(
                Locale.ROOT,
                "HOTSWAP %-6s intents=%d intent-to-result p50_ms=%.1f p99_ms=%.1f max_ms=%.1f%n",
                phase,
                sorted.length,
                pct(sorted, 0.50) / 1e6,
                pct(sorted, 0.99) / 1e6,
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    }

    private static long pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
    }
}
