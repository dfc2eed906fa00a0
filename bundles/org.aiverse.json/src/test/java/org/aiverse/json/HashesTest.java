package org.aiverse.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.recorder.Actor;
import org.aiverse.contracts.recorder.EventType;
import org.aiverse.contracts.recorder.SessionEvent;
import org.junit.jupiter.api.Test;

class HashesTest {

    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /** The seed 3.5 tiny example's hashed fields, in RFC 8785 form, written by hand. */
    static final String TINY_CANONICAL = "{\"actor\":\"ai\",\"payload\":{\"text\":\"hello\",\"type\":\"speak\"},"
            + "\"prev_hash\":\"0000000000000000000000000000000000000000000000000000000000000000\",\"seq\":1,"
            + "\"session_id\":\"sess_001\",\"ts\":1712345700,\"type\":\"intent\"}";

    static String independentSha256(String s) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void sha256Basics() throws Exception {
        assertThat(Hashes.sha256Hex(new byte[0])).isEqualTo(EMPTY_SHA256);
        assertThat(Hashes.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Hashes.sha256(new byte[0])).hasSize(32);
        assertThat(Hashes.contentHash(new byte[0])).isEqualTo("sha256:" + EMPTY_SHA256);
        assertThat(Hashes.sha256Hex((Object) Map.of("b", 1, "a", 2))).isEqualTo(independentSha256("{\"a\":2,\"b\":1}"));
        assertThat(Hashes.GENESIS).hasSize(64).matches("0+");
    }

    @Test
    void eventHashIsSha256OfTheCanonicalHashedFields() throws Exception {
        SessionEvent tiny =
                Json.read(SeedExamplesRoundTripTest.resource("3.5-recorder-tiny-example.json"), SessionEvent.class);
        String expected = independentSha256(TINY_CANONICAL);

        assertThat(Hashes.eventHash(tiny)).isEqualTo(expected);
        assertThat(Hashes.eventHash(
                        "sess_001",
                        1,
                        "ai",
                        "intent",
                        Map.of("type", "speak", "text", "hello"),
                        1712345700,
                        Hashes.GENESIS))
                .isEqualTo(expected);
        // the seed's example hash is a placeholder (SHA-256 of nothing), not the event's hash
        assertThat(tiny.hash()).isEqualTo(EMPTY_SHA256);
        assertThat(expected).isNotEqualTo(EMPTY_SHA256);
        // hash and meta are not hashed
        assertThat(Hashes.eventHash(tiny.withChain(tiny.prevHash(), null).withMeta(Map.of("trace_id", "t"))))
                .isEqualTo(expected);
    }

    @Test
    void eventHashChangesWithEveryHashedField() {
        SessionEvent base = new SessionEvent(
                "sess_001",
                1,
                Actor.AI,
                EventType.INTENT,
                Map.of("text", "hello"),
                1712345700,
                null,
                Hashes.GENESIS,
                null);
        String other = "1".repeat(64);
        List<SessionEvent> variants = List.of(
                base,
                new SessionEvent(
                        "sess_002",
                        1,
                        Actor.AI,
                        EventType.INTENT,
                        base.payload(),
                        1712345700,
                        null,
                        Hashes.GENESIS,
                        null),
                new SessionEvent(
                        "sess_001",
                        2,
                        Actor.AI,
                        EventType.INTENT,
                        base.payload(),
                        1712345700,
                        null,
                        Hashes.GENESIS,
                        null),
                new SessionEvent(
                        "sess_001",
                        1,
                        Actor.USER,
                        EventType.INTENT,
                        base.payload(),
                        1712345700,
                        null,
                        Hashes.GENESIS,
                        null),
                new SessionEvent(
                        "sess_001",
                        1,
                        Actor.AI,
                        EventType.ACTION,
                        base.payload(),
                        1712345700,
                        null,
                        Hashes.GENESIS,
                        null),
                new SessionEvent(
                        "sess_001",
                        1,
                        Actor.AI,
                        EventType.INTENT,
                        Map.of("text", "hellO"),
                        1712345700,
                        null,
                        Hashes.GENESIS,
                        null),
                new SessionEvent(
                        "sess_001", 1, Actor.AI, EventType.INTENT, Map.of(), 1712345700, null, Hashes.GENESIS, null),
                new SessionEvent(
                        "sess_001",
                        1,
                        Actor.AI,
                        EventType.INTENT,
                        base.payload(),
                        1712345701,
                        null,
                        Hashes.GENESIS,
                        null),
                new SessionEvent(
                        "sess_001", 1, Actor.AI, EventType.INTENT, base.payload(), 1712345700, null, other, null));
        Set<String> hashes = new HashSet<>();
        variants.forEach(v -> hashes.add(Hashes.eventHash(v)));
        assertThat(hashes).hasSize(variants.size()).allMatch(h -> h.matches("[0-9a-f]{64}"));
    }

    @Test
    void chainAndVerify() {
        SessionEvent first = Hashes.chain(
                SessionEvent.unchained("s", 1, Actor.SYSTEM, EventType.STATE_CHANGE, Map.of("to", "running"), 10),
                Hashes.GENESIS);
        SessionEvent second = Hashes.chain(
                SessionEvent.unchained("s", 2, Actor.AI, EventType.INTENT, Map.of("type", "speak"), 11), first.hash());
        assertThat(first.prevHash()).isEqualTo(Hashes.GENESIS);
        assertThat(second.prevHash()).isEqualTo(first.hash());
        assertThat(Hashes.verify(first)).isTrue();
        assertThat(Hashes.verify(second)).isTrue();
        SessionEvent tampered = new SessionEvent(
                "s", 2, Actor.AI, EventType.INTENT, Map.of("type", "move"), 11, second.hash(), second.prevHash(), null);
        assertThat(Hashes.verify(tampered)).isFalse();
        assertThat(Hashes.verify(SessionEvent.unchained("s", 1, Actor.AI, EventType.INTENT, null, 1)))
                .isFalse();
    }

    @Test
    void eventHashNeedsPrevHash() {
        assertThatThrownBy(() -> Hashes.eventHash(SessionEvent.unchained("s", 1, Actor.AI, EventType.INTENT, null, 1)))
                .isInstanceOfSatisfying(
                        ValidationException.class, e -> assertThat(e.field()).isEqualTo("prev_hash"));
    }

    @Test
    void threadSafe() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
            String expected = Hashes.sha256Hex(data);
            Callable<Boolean> task = () -> {
                for (int i = 0; i < 2000; i++) {
                    if (!expected.equals(Hashes.sha256Hex(data))) {
                        return false;
                    }
                }
                return true;
            };
            List<Future<Boolean>> results = pool.invokeAll(List.of(task, task, task, task));
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
