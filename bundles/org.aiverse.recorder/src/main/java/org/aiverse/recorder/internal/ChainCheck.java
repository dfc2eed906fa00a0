package org.aiverse.recorder.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.aiverse.contracts.api.ChainVerification;
import org.aiverse.contracts.recorder.SessionEvent;
import org.aiverse.json.Json;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Streaming verification of one session's chain (seed 3.5): fed the stored rows in seq order, it recomputes
 * every hash from the stored bytes, checks every link and that no seq is missing, checks every signed checkpoint
 * (digest and Ed25519 signature; signatures are checked on another thread while hashing goes on), and that every
 * redacted event is listed, with its checksum, by a redaction audit event of the chain. Stops at the first bad
 * seq.
 */
final class ChainCheck {

    /** A stored checkpoint. */
    record CheckpointRow(long fromSeq, long toSeq, String hash, String kid, String signature) {}

    private static final HexFormat HEX = HexFormat.of();

    private final String sessionId;
    private final TreeMap<Long, CheckpointRow> checkpoints;
    private final Map<String, String> keys;
    private final int interval;
    private final Executor signatureExecutor;
    private final MessageDigest window = EventHashing.newDigest();
    private final Map<Long, String> redacted = new HashMap<>();
    private final Map<Long, String> audited = new HashMap<>();
    private final List<CompletableFuture<Long>> signatureChecks = new ArrayList<>();
    private final Map<String, Ed25519.PublicPoint> publicKeys = new HashMap<>();

    private long expected = 1;
    private long windowFrom = 1;
    private String previous = SessionEvent.GENESIS;
    private long verified;
    private Long badSeq;
    private String reason;

    /**
     * @param checkpoints the session's checkpoints by {@code to_seq}
     * @param keys public keys (JWK {@code x}) by kid
     * @param interval the session's checkpoint interval
     * @param signatureExecutor where signatures are checked ({@code Runnable::run} for the calling thread)
     */
    ChainCheck(
            String sessionId,
            Map<Long, CheckpointRow> checkpoints,
            Map<String, String> keys,
            int interval,
            Executor signatureExecutor) {
        this.sessionId = sessionId;
        this.checkpoints = new TreeMap<>(checkpoints);
        this.keys = keys;
        this.interval = interval;
        this.signatureExecutor = signatureExecutor;
    }

    /**
     * Checks the next stored row; returns {@code false} once the chain is known to be bad.
     *
     * @param payloadUtf8 the stored canonical payload's UTF-8 bytes
     */
    boolean row(
            long seq,
            String actor,
            String type,
            long ts,
            byte[] payloadUtf8,
            String prevHash,
            String hash,
            boolean isRedacted) {
        if (badSeq != null) {
            return false;
        }
        if (seq != expected) {
            return fail(
                    Math.min(seq, expected),
                    seq > expected ? "gap: seq " + expected + " is missing" : "gap: seq " + seq + " is repeated");
        }
        if (!previous.equals(prevHash)) {
            return fail(seq, "broken link: prev_hash is not the hash of seq " + (seq - 1));
        }
        if (isRedacted) {
            String checksum = stubChecksum(new String(payloadUtf8, StandardCharsets.UTF_8));
            if (checksum == null) {
                return fail(seq, "hash mismatch: redacted event without a valid stub");
            }
            redacted.put(seq, checksum);
        } else {
            if (!EventHashing.hashMatches(sessionId, seq, actor, type, payloadUtf8, ts, prevHash, hash)) {
                return fail(seq, "hash mismatch");
            }
            if ("state_change".equals(type)) {
                String payload = new String(payloadUtf8, StandardCharsets.UTF_8);
                if (payload.contains("\"audit\":\"redaction\"")) {
                    collectAudit(payload);
                }
            }
        }
        window.update(hash.getBytes(StandardCharsets.US_ASCII));
        if (seq % interval == 0) {
            CheckpointRow cp = checkpoints.remove(seq);
            if (cp == null) {
                return fail(seq, "checkpoint missing at seq " + seq);
            }
            String digest = HEX.formatHex(window.digest());
            if (cp.fromSeq() != windowFrom || !digest.equals(cp.hash())) {
                return fail(seq, "checkpoint mismatch at seq " + seq);
            }
            checkSignature(cp);
            windowFrom = seq + 1;
        }
        previous = hash;
        expected = seq + 1;
        verified++;
        return true;
    }

    /** The verdict once every row was fed. */
    ChainVerification finish() {
        for (CompletableFuture<Long> check : signatureChecks) {
            Long bad = check.join();
            if (bad != null && (badSeq == null || bad < badSeq)) {
                badSeq = bad;
                reason = "bad checkpoint signature at seq " + bad;
                verified = Math.min(verified, bad - 1);
            }
        }
        if (badSeq == null && !checkpoints.isEmpty()) {
            long seq = checkpoints.firstKey();
            fail(seq, "checkpoint at seq " + seq + " covers events that are missing");
        }
        if (badSeq == null) {
            for (Map.Entry<Long, String> r : new TreeMap<>(redacted).entrySet()) {
                if (!r.getValue().equals(audited.get(r.getKey()))) {
                    fail(r.getKey(), "redacted event without a matching redaction audit event");
                    verified = r.getKey() - 1;
                    break;
                }
            }
        }
        return badSeq == null
                ? new ChainVerification(true, verified, null, null)
                : new ChainVerification(false, verified, badSeq, reason);
    }

    private boolean fail(long seq, String why) {
        badSeq = seq;
        reason = why;
        return false;
    }

    private void checkSignature(CheckpointRow cp) {
        String x = keys.get(cp.kid());
        if (x == null) {
            signatureChecks.add(CompletableFuture.completedFuture(cp.toSeq()));
            return;
        }
        byte[] message = CheckpointSigner.message(sessionId, cp.fromSeq(), cp.toSeq(), cp.hash(), cp.kid());
        Ed25519.PublicPoint key = publicKeys.computeIfAbsent(x, CheckpointSigner::publicPoint);
        signatureChecks.add(CompletableFuture.supplyAsync(
                () -> CheckpointSigner.verify(key, message, cp.signature()) ? null : cp.toSeq(), signatureExecutor));
    }

    /** The checksum of a redaction stub payload, or null when the payload is not one. */
    static String stubChecksum(String payload) {
        try {
            Map<?, ?> stub = Json.read(payload, Map.class);
            Object checksum = stub.get("checksum");
            return Boolean.TRUE.equals(stub.get("redacted")) && checksum instanceof String s ? s : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void collectAudit(String payload) {
        try {
            Map<?, ?> audit = Json.read(payload, Map.class);
            if (audit.get("redacted") instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof Map<?, ?> m
                            && m.get("seq") instanceof Number n
                            && m.get("checksum") instanceof String c) {
                        audited.put(n.longValue(), c);
                    }
                }
            }
        } catch (RuntimeException e) {
            // not an audit event after all
        }
    }
}
