package org.aiverse.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.aiverse.json.Canonical;
import org.aiverse.json.Hashes;
import org.aiverse.json.Json;
import org.erdtman.jcs.JsonCanonicalizer;
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
 * The recorder's frozen event hash (JCS + SHA-256) on a realistic intent event, against its peers in the same
 * run: SHA-256 alone over the same serialized bytes (the floor), and the reference JCS library fed the JSON text
 * (what canonicalization costs when done by the book). Figures: operations per second per thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EventHashBenchmark {

    private Map<String, Object> payload;
    private String eventJson;
    private byte[] eventBytes;

    @Setup
    public void setUp() {
        payload = BenchPayloads.speakIntent(
                "dialogue_329", "I found an exhibit you might like: the bioluminescent gallery, café level 2 \u20ac");
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("session_id", "sess_001");
        event.put("seq", 1042L);
        event.put("actor", "ai");
        event.put("type", "intent");
        event.put("payload", payload);
        event.put("ts", 1712345700L);
        event.put("prev_hash", Hashes.GENESIS);
        eventJson = Json.write(event);
        eventBytes = eventJson.getBytes(StandardCharsets.UTF_8);
    }

    /** The platform's frozen event hash. */
    @Benchmark
    public String eventHash() {
        return Hashes.eventHash("sess_001", 1042L, "ai", "intent", payload, 1712345700L, Hashes.GENESIS);
    }

    /** Peer: canonical form only, through the platform's {@link Canonical}. */
    @Benchmark
    public byte[] canonicalizeOnly() {
        return Canonical.canonicalize(eventJson);
    }

    /** Peer: the reference JCS implementation on the JSON text, then SHA-256. */
    @Benchmark
    public byte[] referenceJcsThenSha256() throws Exception {
        byte[] canonical = new JsonCanonicalizer(eventJson).getEncodedUTF8();
        return sha256(canonical);
    }

    /** Peer (the floor): SHA-256 of the already serialized bytes. */
    @Benchmark
    public byte[] sha256Only() throws NoSuchAlgorithmException {
        return sha256(eventBytes);
    }

    private static byte[] sha256(byte[] data) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
