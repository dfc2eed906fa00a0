package org.aiverse.json;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.recorder.SessionEvent;

/**
 * SHA-256 helpers and the recorder's frozen event hash (seed 3.5 Recorder Hash Chain Spec, DESIGN §5). Hex is
 * lowercase. Thread-safe without locks (one digest per thread).
 */
public final class Hashes {

    /** The {@code prev_hash} of a session's first event: 64 zeros (seed 3.5). */
    public static final String GENESIS = SessionEvent.GENESIS;

    /** Prefix of content hashes such as {@code content_hash} and {@code checksum} (seed 3.5, 4.8, 5.5). */
    public static final String CONTENT_HASH_PREFIX = "sha256:";

    private static final HexFormat HEX = HexFormat.of();

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    });

    private Hashes() {}

    /** Returns the SHA-256 digest of the bytes. */
    public static byte[] sha256(byte[] data) {
        MessageDigest md = SHA256.get();
        md.reset();
        return md.digest(data);
    }

    /** Returns the lowercase hex SHA-256 of the bytes. */
    public static String sha256Hex(byte[] data) {
        return HEX.formatHex(sha256(data));
    }

    /**
     * Returns the lowercase hex SHA-256 of the RFC 8785 canonical form of a value (a record, a map; a {@code
     * String} is hashed as a JSON string value — hash raw text with {@code sha256Hex(text.getBytes(UTF_8))}).
     */
    public static String sha256Hex(Object value) {
        return sha256Hex(Canonical.canonicalize(value));
    }

    /** Returns {@code sha256:<hex>} of raw bytes, the form of media {@code content_hash} (seed 3.5, 5.5). */
    public static String contentHash(byte[] data) {
        return CONTENT_HASH_PREFIX + sha256Hex(data);
    }

    /**
     * Returns the frozen hash of a Session Event: lowercase hex SHA-256 of the JCS form of {@code {session_id,
     * seq, actor, type, payload, ts, prev_hash}} (seed 3.5, DESIGN §5).
     *
     * @param sessionId {@code session_id}
     * @param seq {@code seq}
     * @param actor the actor's wire value, e.g. {@code ai}
     * @param type the event type's wire value, e.g. {@code intent}
     * @param payload the payload ({@code null} hashes as an empty object)
     * @param ts {@code ts}
     * @param prevHash the previous event's hash, or {@link #GENESIS}
     * @return the event's {@code hash}
     */
    public static String eventHash(
            String sessionId, long seq, String actor, String type, Map<String, ?> payload, long ts, String prevHash) {
        Checks.requireNonBlank(sessionId, "session_id");
        Checks.requireNonBlank(actor, "actor");
        Checks.requireNonBlank(type, "type");
        Checks.requireNonNull(prevHash, "prev_hash");
        Checks.optionalSha256Hex(prevHash, "prev_hash");
        Map<String, Object> hashed = new LinkedHashMap<>();
        hashed.put("session_id", sessionId);
        hashed.put("seq", seq);
        hashed.put("actor", actor);
        hashed.put("type", type);
        hashed.put("payload", payload == null ? Map.of() : payload);
        hashed.put("ts", ts);
        hashed.put("prev_hash", prevHash);
        return sha256Hex(Canonical.canonicalize(hashed));
    }

    /**
     * Returns the frozen hash of a Session Event from its hashed fields; its own {@code hash} and {@code meta} are
     * ignored.
     *
     * @throws org.aiverse.contracts.ValidationException naming {@code prev_hash} when the event has none
     */
    public static String eventHash(SessionEvent event) {
        return eventHash(
                event.sessionId(),
                event.seq(),
                event.actor().wire(),
                event.type().wire(),
                event.payload(),
                event.ts(),
                event.prevHash());
    }

    /** Returns the event with its chain links set: {@code prev_hash} as given and {@code hash} computed. */
    public static SessionEvent chain(SessionEvent event, String prevHash) {
        SessionEvent linked = event.withChain(prevHash, null);
        return linked.withChain(prevHash, eventHash(linked));
    }

    /** Returns whether the event carries a hash equal to the recomputed one (seed 3.5 verification). */
    public static boolean verify(SessionEvent event) {
        return event.hash() != null
                && event.prevHash() != null
                && MessageDigest.isEqual(
                        event.hash().getBytes(StandardCharsets.US_ASCII),
                        eventHash(event).getBytes(StandardCharsets.US_ASCII));
    }
}
