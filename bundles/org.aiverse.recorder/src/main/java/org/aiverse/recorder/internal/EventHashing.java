package org.aiverse.recorder.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The frozen event hash (seed 3.5, DESIGN §5) computed from an event's canonical payload text: the JCS form of
 * {@code {session_id, seq, actor, type, payload, ts, prev_hash}} is assembled directly (members in RFC 8785
 * order: actor, payload, prev_hash, seq, session_id, ts, type) and hashed with SHA-256. Equal to
 * {@code Hashes.eventHash} of the parsed payload (checked in tests).
 */
final class EventHashing {

    private static final HexFormat HEX = HexFormat.of();

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(EventHashing::newDigest);
    private static final ThreadLocal<StringBuilder> BUFFER = ThreadLocal.withInitial(() -> new StringBuilder(512));

    private EventHashing() {}

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The canonical envelope that the frozen hash covers. */
    static String envelope(
            String sessionId, long seq, String actor, String type, String canonicalPayload, long ts, String prevHash) {
        StringBuilder b = BUFFER.get();
        b.setLength(0);
        appendEnvelope(b, sessionId, seq, actor, type, canonicalPayload, ts, prevHash);
        return b.toString();
    }

    private static void appendEnvelope(
            StringBuilder b,
            String sessionId,
            long seq,
            String actor,
            String type,
            String canonicalPayload,
            long ts,
            String prevHash) {
        b.append("{\"actor\":");
        Jcs.string(actor, b);
        b.append(",\"payload\":").append(canonicalPayload);
        b.append(",\"prev_hash\":");
        Jcs.string(prevHash, b);
        b.append(",\"seq\":");
        appendLong(seq, b);
        b.append(",\"session_id\":");
        Jcs.string(sessionId, b);
        b.append(",\"ts\":");
        appendLong(ts, b);
        b.append(",\"type\":");
        Jcs.string(type, b);
        b.append('}');
    }

    private static void appendLong(long v, StringBuilder b) {
        if (v < (1L << 53)) {
            b.append(v);
        } else {
            Jcs.write(v, b);
        }
    }

    /** The frozen hash (lowercase hex) of an event whose payload is given in canonical form. */
    static String hash(
            String sessionId, long seq, String actor, String type, String canonicalPayload, long ts, String prevHash) {
        return hash(sessionId, seq, actor, type, canonicalPayload.getBytes(StandardCharsets.UTF_8), ts, prevHash);
    }

    /** The frozen hash (lowercase hex) of an event whose payload is given as the UTF-8 bytes of its canonical form. */
    static String hash(
            String sessionId, long seq, String actor, String type, byte[] canonicalUtf8, long ts, String prevHash) {
        return HEX.formatHex(digest(sessionId, seq, actor, type, canonicalUtf8, ts, prevHash));
    }

    /** Whether the frozen hash of an event is {@code expectedHex} (lowercase hex), without formatting it. */
    static boolean hashMatches(
            String sessionId,
            long seq,
            String actor,
            String type,
            byte[] canonicalUtf8,
            long ts,
            String prevHash,
            String expectedHex) {
        byte[] d = digest(sessionId, seq, actor, type, canonicalUtf8, ts, prevHash);
        if (expectedHex == null || expectedHex.length() != d.length * 2) {
            return false;
        }
        for (int i = 0; i < d.length; i++) {
            if (expectedHex.charAt(2 * i) != LOWER_HEX[(d[i] >> 4) & 0xF]
                    || expectedHex.charAt(2 * i + 1) != LOWER_HEX[d[i] & 0xF]) {
                return false;
            }
        }
        return true;
    }

    private static final char[] LOWER_HEX = "0123456789abcdef".toCharArray();

    /**
     * The frozen hash's digest. The envelope around the payload is short: it is built as text around the payload,
     * which is fed to the digest as its UTF-8 bytes (the JDK's encoder, {@code getBytes(UTF_8)}: a lone surrogate
     * becomes {@code ?}, as the reference makes it).
     */
    private static byte[] digest(
            String sessionId, long seq, String actor, String type, byte[] canonicalUtf8, long ts, String prevHash) {
        MessageDigest md = SHA256.get();
        md.reset();
        StringBuilder b = BUFFER.get();
        b.setLength(0);
        b.append("{\"actor\":");
        Jcs.string(actor, b);
        b.append(",\"payload\":");
        update(md, b);
        md.update(canonicalUtf8);
        b.setLength(0);
        b.append(",\"prev_hash\":");
        Jcs.string(prevHash, b);
        b.append(",\"seq\":");
        appendLong(seq, b);
        b.append(",\"session_id\":");
        Jcs.string(sessionId, b);
        b.append(",\"ts\":");
        appendLong(ts, b);
        b.append(",\"type\":");
        Jcs.string(type, b);
        b.append('}');
        update(md, b);
        return md.digest();
    }

    /** Feeds the UTF-8 bytes of a short text to a digest. */
    private static void update(MessageDigest md, StringBuilder text) {
        md.update(utf8(text));
    }

    /** Lowercase hex SHA-256 of the UTF-8 bytes of a text. */
    static String sha256Hex(CharSequence text) {
        MessageDigest md = SHA256.get();
        md.reset();
        byte[] bytes = utf8(text);
        return HEX.formatHex(md.digest(bytes));
    }

    /** Lowercase hex SHA-256 of bytes. */
    static String sha256Hex(byte[] bytes) {
        MessageDigest md = SHA256.get();
        md.reset();
        return HEX.formatHex(md.digest(bytes));
    }

    private static byte[] utf8(CharSequence text) {
        int n = text.length();
        boolean ascii = true;
        for (int i = 0; i < n; i++) {
            if (text.charAt(i) >= 0x80) {
                ascii = false;
                break;
            }
        }
        if (!ascii) {
            return text.toString().getBytes(StandardCharsets.UTF_8);
        }
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) text.charAt(i);
        }
        return out;
    }
}
