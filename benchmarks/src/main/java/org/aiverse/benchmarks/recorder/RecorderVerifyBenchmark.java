package org.aiverse.benchmarks.recorder;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.aiverse.benchmarks.BenchPayloads;
import org.aiverse.json.Hashes;
import org.aiverse.json.Json;
import org.aiverse.recorder.internal.StandaloneRecorder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verification cost per event (the event of EventHashBenchmark), against its peers in the same run: the
 * recorder's verifier recomputing the frozen hash from the stored canonical payload text, the fast canonicalizer
 * from a parsed payload, and the reference (parse, reference JCS, SHA-256). Figures: events per second per thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class RecorderVerifyBenchmark {

    private Map<String, Object> payload;
    private String stored;
    private String prev;

    @Setup
    public void setUp() {
        payload = BenchPayloads.speakIntent(
                "dialogue_329", "I found an exhibit you might like: the bioluminescent gallery, café level 2 \u20ac");
        stored = StandaloneRecorder.canonical(payload);
        prev = Hashes.sha256Hex(new byte[] {1});
        String a = StandaloneRecorder.eventHash("sess_001", 1042L, "ai", "intent", stored, 1712345700L, prev);
        String b = Hashes.eventHash("sess_001", 1042L, "ai", "intent", payload, 1712345700L, prev);
        if (!a.equals(b)) {
            throw new IllegalStateException("fast hash differs from the frozen hash");
        }
    }

    /** What the verifier does per stored row: the frozen hash from the stored canonical payload. */
    @Benchmark
    public String storedRow() {
        return StandaloneRecorder.eventHash("sess_001", 1042L, "ai", "intent", stored, 1712345700L, prev);
    }

    /** The fast canonicalizer from a parsed payload (verifying events that arrive as JSON trees). */
    @Benchmark
    public String parsedPayloadFastJcs() {
        return StandaloneRecorder.eventHash(
                "sess_001", 1042L, "ai", "intent", StandaloneRecorder.canonical(payload), 1712345700L, prev);
    }

    /** Peer: the reference from the stored text: parse, reference JCS, SHA-256. */
    @Benchmark
    public String referenceFromStoredText() {
        @SuppressWarnings("unchecked")
        Map<String, Object> p = Json.read(stored, Map.class);
        return Hashes.eventHash("sess_001", 1042L, "ai", "intent", p, 1712345700L, prev);
    }

    /** Peer: the reference from the parsed payload (the platform's frozen Hashes.eventHash). */
    @Benchmark
    public String referenceFromParsedPayload() {
        return Hashes.eventHash("sess_001", 1042L, "ai", "intent", payload, 1712345700L, prev);
    }
}
