package org.aiverse.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.intent.Intent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 8785 (JCS) against the RFC's own examples. */
class CanonicalTest {

    @Test
    void rfc8785Section322Sample() throws IOException {
        String input = resource("rfc8785-3.2.2-input.json");
        byte[] expected = resource("rfc8785-3.2.2-output.json").getBytes(StandardCharsets.UTF_8);
        assertThat(Canonical.canonicalize(input)).isEqualTo(expected);
        assertThat(Canonical.canonicalString(input))
                .isEqualTo("{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                        + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    }

    @Test
    void rfc8785Section323SortsByUtf16CodeUnits() throws IOException {
        String out = Canonical.canonicalString(resource("rfc8785-3.2.3-input.json"));
        assertThat(out)
                .isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                        + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                        + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    /** RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical serialization. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0000000000000000, 0",
        "8000000000000000, 0",
        "0000000000000001, 5e-324",
        "8000000000000001, -5e-324",
        "7fefffffffffffff, 1.7976931348623157e+308",
        "ffefffffffffffff, -1.7976931348623157e+308",
        "4340000000000000, 9007199254740992",
        "c340000000000000, -9007199254740992",
        "4430000000000000, 295147905179352830000",
        "44b52d02c7e14af5, 9.999999999999997e+22",
        "44b52d02c7e14af6, 1e+23",
        "44b52d02c7e14af7, 1.0000000000000001e+23",
        "444b1ae4d6e2ef4e, 999999999999999700000",
        "444b1ae4d6e2ef4f, 999999999999999900000",
        "444b1ae4d6e2ef50, 1e+21",
        "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
        "3eb0c6f7a0b5ed8d, 0.000001",
        "41b3de4355555553, 333333333.3333332",
        "41b3de4355555554, 333333333.33333325",
        "41b3de4355555555, 333333333.3333333",
        "41b3de4355555556, 333333333.3333334",
        "41b3de4355555557, 333333333.33333343",
        "becbf647612f3696, -0.0000033333333333333333",
        "43143ff3c1cb0959, 1424953923781206.2"
    })
    void rfc8785AppendixBNumbers(String bits, String expected) {
        double d = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
        assertThat(Canonical.canonicalString("[" + Double.toString(d) + "]")).isEqualTo("[" + expected + "]");
        assertThat(Canonical.canonicalString((Object) List.of(d))).isEqualTo("[" + expected + "]");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0, 0",
        "-0, 0",
        "1e21, 1e+21",
        "1e-7, 1e-7",
        "5e-324, 5e-324",
        "1.7976931348623157e308, 1.7976931348623157e+308",
        "9007199254740992, 9007199254740992",
        "295147905179352830000, 295147905179352830000",
        "0.000001, 0.000001",
        "333333333.3333332, 333333333.3333332",
        "4.5, 4.5",
        "4.50, 4.5",
        "2e-3, 0.002",
        "1E30, 1e+30",
        "100, 100"
    })
    void numberLiterals(String literal, String expected) {
        assertThat(Canonical.canonicalString("{\"n\":" + literal + "}")).isEqualTo("{\"n\":" + expected + "}");
    }

    @Test
    void recordsAndMapsAreWrittenWithJsonFirst() {
        Intent intent = new Intent("i1", "speak", "user", 0.5, Map.of("text", "hi"), 7L);
        assertThat(Canonical.canonicalString(intent))
                .isEqualTo("{\"confidence\":0.5,\"intent_id\":\"i1\",\"params\":{\"text\":\"hi\"},\"target\":\"user\","
                        + "\"ts\":7,\"type\":\"speak\"}");
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("b", null);
        map.put("a", List.of(1, 2.5, "x"));
        assertThat(Canonical.canonicalString(map)).isEqualTo("{\"a\":[1,2.5,\"x\"],\"b\":null}");
        assertThat(Canonical.canonicalize(map)).isEqualTo(Canonical.canonicalize(Json.write(map)));
        // whitespace and member order do not matter
        assertThat(Canonical.canonicalString(" { \"b\" : null , \"a\" : [ 1 , 2.50 , \"x\" ] } "))
                .isEqualTo("{\"a\":[1,2.5,\"x\"],\"b\":null}");
    }

    @Test
    void invalidJsonIsAValidationError() {
        assertThatThrownBy(() -> Canonical.canonicalize("{\"a\":"))
                .isInstanceOfSatisfying(
                        ValidationException.class, e -> assertThat(e.field()).isEqualTo("$"));
        assertThatThrownBy(() -> Canonical.canonicalize("  ")).isInstanceOf(ValidationException.class);
    }

    static String resource(String name) throws IOException {
        try (InputStream in = CanonicalTest.class.getResourceAsStream("/jcs/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
