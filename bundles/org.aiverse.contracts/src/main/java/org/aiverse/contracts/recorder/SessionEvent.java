package org.aiverse.contracts.recorder;

import java.util.Map;
import org.aiverse.contracts.Checks;

/**
 * One entry of a session's tamper-evident event log (seed 4.3; hash chain of seed 3.5, Frozen).
 *
 * <p>The hash covers exactly {@code session_id, seq, actor, type, payload, ts, prev_hash} in RFC 8785 canonical
 * form (DESIGN §5); {@code hash} itself and {@code meta} are not hashed. {@code meta} is the playback echo of
 * {@code payload.meta} (seed 5.5, DESIGN §5).
 *
 * @param sessionId the session, required
 * @param seq position in the session's chain, at least 1, required
 * @param actor who caused it, required
 * @param type what it records, required
 * @param payload free-form content (hashed); empty when absent
 * @param ts Unix seconds, required
 * @param hash this event's SHA-256 hex; absent before the recorder has chained the event
 * @param prevHash the previous event's hash, {@link #GENESIS} for the first; absent before chaining
 * @param meta unhashed extras such as trace ids; empty when absent
 */
public record SessionEvent(
        String sessionId,
        long seq,
        Actor actor,
        EventType type,
        Map<String, Object> payload,
        long ts,
        String hash,
        String prevHash,
        Map<String, Object> meta) {

    /** The {@code prev_hash} of a session's first event (seed 3.5): 64 zeros. */
    public static final String GENESIS = "0".repeat(64);

    /** Validates and copies. */
    public SessionEvent {
        Checks.requireNonBlank(sessionId, "session_id");
        Checks.requireRange(seq, 1L, Long.MAX_VALUE, "seq");
        Checks.requireNonNull(actor, "actor");
        Checks.requireNonNull(type, "type");
        payload = Checks.freeForm(payload, "payload");
        Checks.requireNonNegative(ts, "ts");
        Checks.optionalSha256Hex(hash, "hash");
        Checks.optionalSha256Hex(prevHash, "prev_hash");
        meta = Checks.freeForm(meta, "meta");
    }

    /** Creates an event before chaining (no hash, no prev_hash, no meta). */
    public static SessionEvent unchained(
            String sessionId, long seq, Actor actor, EventType type, Map<String, Object> payload, long ts) {
        return new SessionEvent(sessionId, seq, actor, type, payload, ts, null, null, null);
    }

    /** Returns a copy carrying the given chain links. */
    public SessionEvent withChain(String prevHash, String hash) {
        return new SessionEvent(sessionId, seq, actor, type, payload, ts, hash, prevHash, meta);
    }

    /** Returns a copy carrying the given unhashed meta. */
    public SessionEvent withMeta(Map<String, Object> meta) {
        return new SessionEvent(sessionId, seq, actor, type, payload, ts, hash, prevHash, meta);
    }
}
