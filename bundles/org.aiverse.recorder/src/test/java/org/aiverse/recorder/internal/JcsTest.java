package org.aiverse.recorder.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.aiverse.json.Canonical;
import org.aiverse.json.Hashes;
import org.aiverse.json.Json;
import org.junit.jupiter.api.Test;

/** The fast canonicalizer and event hash are byte-equal to the reference JCS library and the frozen hash. */
class JcsTest {

    @Test
    void edgeNumbersAndStringsMatchTheReference() {
        List<Object> values = List.of(
                0,
                -0.0,
                1,
                -1,
                0.1,
                1e21,
                1e-7,
                123.456,
                1e20,
                9007199254740993L,
                Long.MAX_VALUE,
                Long.MIN_VALUE,
                2.5f,
                1.0,
                100.0,
                5e-324,
                Double.MAX_VALUE,
                new java.math.BigDecimal("12.50"),
                new java.math.BigInteger("123456789012345678901234567890"),
                "",
                "a\"b\\c",
                "\u0000\u001f\u007f",
                "\b\f\n\r\t",
                "é€😀",
                "\u2028\u2029",
                true,
                false);
        for (Object v : values) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("v", v);
            assertThat(Jcs.write(m)).as("value %s", v).isEqualTo(reference(m));
        }
    }

    @Test
    void keysAreSortedByUtf16CodeUnits() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : List.of("b", "a", "😀", "\uffff", "é", "A", "aa", "", "1")) {
            m.put(k, k);
        }
        assertThat(Jcs.write(m)).isEqualTo(reference(m));
    }

    @Test
    void randomTreesMatchTheReferenceByteForByte() {
        Random r = new Random(42);
        for (int i = 0; i < 2000; i++) {
            Object tree = randomObject(r, 0);
            assertThat(Jcs.write(tree).getBytes(StandardCharsets.UTF_8))
                    .as("tree %s", tree)
                    .isEqualTo(Canonical.canonicalize(tree));
        }
    }

    @Test
    void parsedJsonTreesMatchTheReference() {
        String json = "{\"z\":[1,2.0,3.5e10,-4e-8,null,{\"b\":true,\"a\":\"x\"}],\"n\":1234567890123456789,"
                + "\"s\":\"line\\nbreak \\u00e9\",\"e\":{}}";
        Object tree = Json.read(json, Object.class);
        assertThat(Jcs.write(tree)).isEqualTo(Canonical.canonicalString(json));
    }

    @Test
    void theEventHashEqualsTheFrozenHash() {
        Random r = new Random(7);
        for (int i = 0; i < 500; i++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> payload = (Map<String, Object>) randomMap(r, 0);
            String sid = "sess_" + randomString(r);
            long seq = 1 + r.nextInt(1_000_000);
            long ts = 1_712_345_700L + r.nextInt(100000);
            String prev = Hashes.sha256Hex(new byte[] {(byte) i});
            assertThat(EventHashing.hash(sid, seq, "ai", "intent", Jcs.write(payload), ts, prev))
                    .isEqualTo(Hashes.eventHash(sid, seq, "ai", "intent", payload, ts, prev));
        }
    }

    private static String reference(Object value) {
        return new String(Canonical.canonicalize(value), StandardCharsets.UTF_8);
    }

    private static Object randomObject(Random r, int depth) {
        return r.nextInt(3) == 0 && depth < 3 ? randomList(r, depth) : randomMap(r, depth);
    }

    private static Object randomMap(Random r, int depth) {
        Map<String, Object> m = new LinkedHashMap<>();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            m.put(randomString(r), randomValue(r, depth + 1));
        }
        return m;
    }

    private static Object randomList(Random r, int depth) {
        List<Object> l = new ArrayList<>();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            l.add(randomValue(r, depth + 1));
        }
        return l;
    }

    private static Object randomValue(Random r, int depth) {
        switch (r.nextInt(depth < 3 ? 9 : 7)) {
            case 0:
                return randomString(r);
            case 1:
                return (long) r.nextInt();
            case 2:
                return r.nextDouble() * Math.pow(10, r.nextInt(40) - 20);
            case 3:
                return r.nextBoolean();
            case 4:
                return null;
            case 5:
                return r.nextLong();
            case 6:
                return (double) r.nextInt(1000) / 8;
            case 7:
                return randomMap(r, depth);
            default:
                return randomList(r, depth);
        }
    }

    private static String randomString(Random r) {
        String alphabet = "abcXYZ_09 \"\\\n\t\u0001é€😀\u2028";
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(8);
        for (int i = 0; i < n; i++) {
            int at = r.nextInt(alphabet.length());
            char c = alphabet.charAt(at);
            if (Character.isHighSurrogate(c) && at + 1 < alphabet.length()) {
                b.append(c).append(alphabet.charAt(at + 1));
            } else if (!Character.isLowSurrogate(c)) {
                b.append(c);
            }
        }
        return b.toString();
    }
}
