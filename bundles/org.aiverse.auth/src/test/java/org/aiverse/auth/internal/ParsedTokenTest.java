package org.aiverse.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.aiverse.auth.api.ConsentDenied;
import org.junit.jupiter.api.Test;

/** The one-pass reader of both token encodings: what it takes, and every shape it refuses as malformed. */
class ParsedTokenTest {

    private static final String HEADER = "{\"alg\":\"EdDSA\",\"kid\":\"k1\",\"typ\":\"JWT\"}";
    private static final String CLAIMS = "{\"sub\":\"alice\",\"sessionId\":\"hive_1\",\"scopes\":[\"persona.use\"],"
            + "\"iat\":1712345678,\"exp\":1712346000,\"origin\":\"https://w.example\"}";

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static String jws(String header, String claims) {
        return b64(header) + "." + b64(claims) + "." + b64("sig");
    }

    static void assertMalformed(String token, String message) {
        assertThatThrownBy(() -> ParsedToken.parse(token))
                .isInstanceOf(ConsentDenied.class)
                .hasMessageContaining(message)
                .extracting(e -> ((ConsentDenied) e).reason())
                .isEqualTo("malformed");
    }

    @Test
    void readsACompactJwsWhateverTheOrderOfItsMembers() {
        ParsedToken t = ParsedToken.parse(jws(HEADER, CLAIMS));
        assertThat(t.alg()).isEqualTo("EdDSA");
        assertThat(t.kid()).isEqualTo("k1");
        assertThat(t.sub()).isEqualTo("alice");
        assertThat(t.sessionId()).isEqualTo("hive_1");
        assertThat(t.scopes()).containsExactly("persona.use");
        assertThat(t.iat()).isEqualTo(1712345678L);
        assertThat(t.exp()).isEqualTo(1712346000L);
        assertThat(t.nbf()).isNull();
        assertThat(t.origin()).isEqualTo("https://w.example");
        assertThat(t.jti()).isNull();
        String token = jws(HEADER, CLAIMS);
        assertThat(new String(t.signingInput(), StandardCharsets.US_ASCII))
                .isEqualTo(token.substring(0, token.lastIndexOf('.')));
        assertThat(t.signature()).isEqualTo("sig".getBytes(StandardCharsets.US_ASCII));

        ParsedToken reordered = ParsedToken.parse(jws(
                "{\"typ\":\"JWT\",\"kid\":\"k1\",\"alg\":\"EdDSA\"}",
                "{\"extra\":{\"nested\":[1,{\"a\":null}]},\"origin\":\"https://w.example\",\"exp\":1712346000,"
                        + "\"iat\":1712345678,\"scopes\":[\"persona.use\"],\"sessionId\":\"hive_1\",\"sub\":\"alice\","
                        + "\"nbf\":1712345600,\"jti\":\"j-1\"}"));
        assertThat(reordered.sub()).isEqualTo("alice");
        assertThat(reordered.scopes()).containsExactly("persona.use");
        assertThat(reordered.nbf()).isEqualTo(1712345600L);
        assertThat(reordered.jti()).isEqualTo("j-1");
        // standard base64 and padding are accepted too
        String padded = Base64.getEncoder().encodeToString(HEADER.getBytes(StandardCharsets.UTF_8)) + "."
                + Base64.getEncoder().encodeToString(CLAIMS.getBytes(StandardCharsets.UTF_8)) + "." + b64("sig");
        assertThat(ParsedToken.parse(padded).sub()).isEqualTo("alice");
    }

    @Test
    void readsTheHiveContainerForm() {
        String hive =
                "{\"sessionId\":\"hive_1\",\"sub\":\"alice\",\"scopes\":[\"persona.use\",\"memory.read.limited\"],"
                        + "\"iat\":1712345678,\"exp\":1712346000,\"origin\":\"https://w.example\",\"signature\":\"c2ln\"}";
        for (String token : List.of(hive, b64(hive))) {
            ParsedToken t = ParsedToken.parse(token);
            assertThat(t.alg()).isEqualTo("ES256");
            assertThat(t.kid()).isNull();
            assertThat(new String(t.signingInput(), StandardCharsets.UTF_8))
                    .isEqualTo("alice|hive_1|persona.use,memory.read.limited|1712345678|1712346000|https://w.example");
            assertThat(t.signature()).isEqualTo("sig".getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void everyOtherShapeIsMalformed() {
        assertMalformed(jws(HEADER, CLAIMS.replace("\"sub\":\"alice\"", "\"sub\":null")), "sub is missing");
        assertMalformed(jws(HEADER, CLAIMS.replace("\"sub\":\"alice\"", "\"sub\":7")), "sub must be a non-blank");
        assertMalformed(jws(HEADER, CLAIMS.replace("\"sub\":\"alice\"", "\"sub\":\" \"")), "sub must be a non-blank");
        assertMalformed(jws(HEADER, CLAIMS.replace("alice", "al|ce")), "sub must not contain '|'");
        assertMalformed(jws(HEADER, CLAIMS.replace("1712345678", "1712345678.0")), "iat must be a non-negative");
        assertMalformed(jws(HEADER, CLAIMS.replace("1712345678", "-1")), "iat must be a non-negative");
        assertMalformed(jws(HEADER, CLAIMS.replace("1712345678", "99999999999999999999")), "iat must be");
        assertMalformed(jws(HEADER, CLAIMS.replace("1712345678", "\"1712345678\"")), "iat must be");
        assertMalformed(jws(HEADER, CLAIMS.replace("}", ",\"nbf\":null}")), "nbf must be");
        assertMalformed(jws(HEADER, CLAIMS.replace("[\"persona.use\"]", "\"persona.use\"")), "an array of strings");
        assertMalformed(jws(HEADER, CLAIMS.replace("[\"persona.use\"]", "[\"persona.use\",3]")), "without ','");
        assertMalformed(jws(HEADER, CLAIMS.replace("[\"persona.use\"]", "[\"a,b\"]")), "without ','");
        assertMalformed(jws(HEADER, CLAIMS.replace("}", ",\"sub\":\"mallory\"}")), "claims is not JSON");
        assertMalformed(jws(HEADER, CLAIMS.replace("}", ",\"x\":1,\"x\":2}")), "claims is not JSON");
        assertMalformed(jws(HEADER, CLAIMS + "{}"), "claims is not JSON");
        assertMalformed(jws(HEADER, CLAIMS.substring(0, CLAIMS.length() - 1)), "claims is not JSON");
        assertMalformed(jws(HEADER, "[1]"), "claims is not a JSON object");
        assertMalformed(jws(HEADER, ""), "claims is not a JSON object");
        assertMalformed(jws(HEADER.replace("}", ",\"crit\":null}"), CLAIMS), "crit header");
        assertMalformed(jws(HEADER.replace("EdDSA", "none"), CLAIMS), "alg must be EdDSA or ES256");
        assertMalformed(jws(HEADER.replace(",\"kid\":\"k1\"", ""), CLAIMS), "kid is missing");
        assertMalformed(b64(HEADER) + ".é" + b64(CLAIMS) + "." + b64("sig"), "claims is not base64url");
        assertMalformed("a.b", "exactly three parts");
        assertMalformed("{\"sub\":\"a\"", "token is not JSON");
    }
}
