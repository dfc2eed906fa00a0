package org.aiverse.core.internal;

import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * A W3C Trace Context {@code traceparent} (seed 8.2): {@code 00-<trace-id:32 hex>-<parent-id:16 hex>-<flags:2 hex>}.
 *
 * @param traceId the trace id
 * @param spanId the span id (the parent id of the next hop)
 * @param flags the trace flags
 */
public record Traceparent(String traceId, String spanId, String flags) {

    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);

    /** Parses a header value; {@code null} when absent or malformed (W3C: then start a new trace). */
    public static Traceparent parse(String header) {
        if (header == null) {
            return null;
        }
        String h = header.strip().toLowerCase(Locale.ROOT);
        if (!FORMAT.matcher(h).matches() || h.startsWith("ff")) {
            return null;
        }
        String trace = h.substring(3, 35);
        String span = h.substring(36, 52);
        if (trace.equals(ZERO_TRACE) || span.equals(ZERO_SPAN)) {
            return null;
        }
        return new Traceparent(trace, span, h.substring(53, 55));
    }

    /** A new root trace. */
    public static Traceparent root(RandomGenerator random) {
        return new Traceparent(hex(random, 2), hex(random, 1), "01");
    }

    /** A child span of this one (same trace). */
    public Traceparent child(RandomGenerator random) {
        return new Traceparent(traceId, hex(random, 1), flags);
    }

    /** Returns the header value. */
    @Override
    public String toString() {
        return "00-" + traceId + "-" + spanId + "-" + flags;
    }

    static String hex(RandomGenerator random, int longs) {
        StringBuilder b = new StringBuilder(longs * 16);
        for (int i = 0; i < longs; i++) {
            long v;
            do {
                v = random.nextLong();
            } while (v == 0);
            String s = Long.toHexString(v);
            b.append("0".repeat(16 - s.length())).append(s);
        }
        return b.toString();
    }
}
