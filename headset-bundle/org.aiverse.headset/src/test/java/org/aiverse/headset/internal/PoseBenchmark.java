package org.aiverse.headset.internal;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.aiverse.contracts.adapter.AdapterEventType;
import org.aiverse.contracts.adapter.AdapterHandle;
import org.aiverse.contracts.adapter.AdapterManifest;
import org.aiverse.contracts.adapter.Agent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head-pose benchmark against the real runtime (run on purpose, never by the tests): the runtime's own pace
 * (frames its {@code xrWaitFrame} releases per second, the peer) against the pose percepts per second that leave the
 * adapter to a session, and the latency from the runtime's pose time (the {@code XrTime} the pose was located at,
 * converted to this JVM's monotonic clock through {@code XR_KHR_convert_timespec_time}) to the percept leaving the
 * adapter. Target: the runtime's pace, with at most 1 ms added.
 *
 * <p>Run it inside the trixie root with {@code headset-bundle/run-pose-benchmark.sh [SECONDS] [HZ]}. HZ is the
 * pace kept when the runtime sets none (headless Monado's {@code xrWaitFrame} returns at once and reports no display
 * period); without it the adapter follows {@code xrWaitFrame} unpaced.
 */
public final class PoseBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(PoseBenchmark.class);

    private PoseBenchmark() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 0; // 0: follow xrWaitFrame unpaced
        HeadsetAdapter adapter = new HeadsetAdapter("1.0.0", GazeTarget.parse(new String[] {"statue=0,1.6,-2,1"}), 1);
        AtomicLong frames = new AtomicLong();
        AtomicLong percepts = new AtomicLong();
        OpenXrLink link = new OpenXrLink(
                new OpenXrLink.Options(
                        "AI-Verse pose benchmark",
                        "STAGE",
                        Duration.ofMillis(500),
                        rate > 0 ? Duration.ofNanos(Math.round(1e9 / rate)) : Duration.ZERO),
                new OpenXrLink.Listener() {
                    @Override
                    public void status(XrStatus status) {
                        adapter.status(status);
                    }

                    @Override
                    public void pose(HeadPose pose) {
                        frames.incrementAndGet();
                        adapter.pose(pose);
                    }

                    @Override
                    public void input(String hand, String action, boolean pressed) {
                        adapter.input(hand, action, pressed);
                    }
                });
        link.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"FOCUSED".equals(link.status().sessionState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no focused session: " + link.status());
            }
            Thread.sleep(50);
        }
        AdapterManifest manifest = new AdapterManifest(
                "sess_bench", "sim", "ps_bench", new Agent("agent", null, List.of("openDialog")), null, null);
        AdapterHandle session = adapter.onSpawn(manifest, e -> {
            if (e.type() == AdapterEventType.ENV) {
                percepts.incrementAndGet();
            }
        });
        // warm up, then measure a clean window
        Thread.sleep(3000);
        adapter.meter().reset();
        long f0 = frames.get();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long t1 = System.nanoTime();
        long f1 = frames.get();
        PoseMeter m = adapter.meter();
        double runtimeFps = (f1 - f0) * 1e9 / (t1 - t0);
        double perceptRate = m.ratePerSecond();
        String report = String.format(
                Locale.ROOT,
                "%nOpenXR pose benchmark, %d s, headless pace %s, runtime %s, system %s%n"
                        + "  runtime pace (xrWaitFrame releases/s, the peer): %.1f%n"
                        + "  pose percepts leaving the adapter/s:             %.1f (ratio %.3f)%n"
                        + "  latency pose time -> percept out: p50 %.0f us, p90 %.0f us, p99 %.0f us, max %.0f us%n"
                        + "  target: the runtime's pace with at most 1 ms added -> %s%n",
                seconds,
                rate > 0 ? rate + " Hz" : "none (xrWaitFrame unpaced)",
                link.status().runtime(),
                link.status().system(),
                runtimeFps,
                perceptRate,
                perceptRate / runtimeFps,
                m.latencyMicros(0.5),
                m.latencyMicros(0.9),
                m.latencyMicros(0.99),
                m.latencyMicros(1.0),
                perceptRate >= 0.98 * runtimeFps && m.latencyMicros(0.99) <= 1000 ? "met" : "NOT met");
        LOG.info(report);
        session.dispose();
        link.close();
        adapter.close();
    }
}
