package org.aiverse.recorder.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.aiverse.contracts.WireValue;
import org.aiverse.json.Json;
import org.erdtman.jcs.NumberToJSON;

/**
 * RFC 8785 (JCS) canonical JSON written straight from a JSON tree (maps, lists, strings, numbers, booleans,
 * {@code null}), without the text round trip of the reference canonicalizer. Byte-equal to
 * {@link org.aiverse.json.Canonical} (checked against it in tests); numbers are formatted by the reference's own
 * ECMAScript formatter. Values that are not JSON trees (records, beans) are first converted with {@link Json}.
 */
final class Jcs {

    private static final long MAX_SAFE = 1L << 53;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Jcs() {}

    /** The canonical form of a value. */
    static String write(Object value) {
        StringBuilder out = new StringBuilder(256);
        write(value, out);
        return out.toString();
    }

    /** Appends the canonical form of a value. */
    static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(s, out);
        } else if (value instanceof Map<?, ?> m) {
            object(m, out);
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte) {
            long l = ((Number) value).longValue();
            if (l > -MAX_SAFE && l < MAX_SAFE) {
                out.append(l);
            } else {
                number((double) l, out);
            }
        } else if (value instanceof Double d) {
            number(d, out);
        } else if (value instanceof Float f) {
            number(Double.parseDouble(Float.toString(f)), out);
        } else if (value instanceof BigInteger || value instanceof BigDecimal) {
            number(Double.parseDouble(value.toString()), out);
        } else if (value instanceof Collection<?> c) {
            out.append('[');
            boolean first = true;
            for (Object o : c) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(o, out);
            }
            out.append(']');
        } else if (value instanceof Object[] a) {
            write(List.of(a), out);
        } else if (value instanceof WireValue w) {
            string(w.wire(), out);
        } else {
            write(Json.convert(value, Object.class), out);
        }
    }

    private static void object(Map<?, ?> m, StringBuilder out) {
        List<String> keys = new ArrayList<>(m.size());
        for (Object k : m.keySet()) {
            if (!(k instanceof String s)) {
                throw new IllegalArgumentException("object keys must be strings: " + k);
            }
            keys.add(s);
        }
        // String.compareTo compares UTF-16 code units, the order RFC 8785 prescribes.
        keys.sort(null);
        out.append('{');
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String k = keys.get(i);
            string(k, out);
            out.append(':');
            write(m.get(k), out);
        }
        out.append('}');
    }

    private static void number(double d, StringBuilder out) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("NaN and infinite numbers are not JSON");
        }
        if (d == 0.0) {
            out.append('0');
            return;
        }
        if (d == Math.rint(d) && Math.abs(d) < MAX_SAFE) {
            out.append((long) d);
            return;
        }
        try {
            out.append(NumberToJSON.serializeNumber(d));
        } catch (IOException e) {
            throw new IllegalArgumentException("number cannot be serialized: " + d, e);
        }
    }

    /** Appends a JSON string with the minimal escapes of RFC 8785. */
    static void string(String s, StringBuilder out) {
        out.append('"');
        int n = s.length();
        int start = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, start, i);
            start = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        out.append(s, start, n);
        out.append('"');
    }
}
