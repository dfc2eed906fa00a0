package org.aiverse.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.aiverse.auth.api.Consent;
import org.aiverse.auth.api.ConsentDenied;
import org.aiverse.auth.api.ConsentRequest;
import org.aiverse.token.ClientKey;
import org.aiverse.token.TokenSigner;
import org.aiverse.token.TokenSigner.Claims;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever bytes arrive as a token, and however a valid token is mutated, validation either accepts it
 * (only the unmutated token) or throws {@link ConsentDenied}; never anything else (which the REST layer would turn
 * into a 500).
 */
class TokenFuzzTest {

    static final long NOW = System.currentTimeMillis() / 1000;

    @Test
    void randomBytesAndMutatedTokensOnlyEverGiveTheTypedDenial() {
        ConsentService service = new ConsentService(
                new AuthStore(TestDb.migrated()),
                new AuthSettings(1800, 60, 120, Set.of(), 1_000_000),
                java.time.Clock.systemUTC(),
                ConsentServiceTest.noHooks());
        ClientKey es = ClientKey.generate(ClientKey.ES256);
        ClientKey ed = ClientKey.generate(ClientKey.EDDSA);
        ConsentRequest request = new ConsentRequest("https://w.example", Set.of("persona.use"), null, "fuzz");
        Claims c = new Claims("fuzz_user", "hive_f", List.of("persona.use"), NOW, NOW + 600, "https://w.example", null);
        service.validateAndBind(TokenSigner.jws(es, c), request, es.publicJwk());
        Claims d = new Claims("fuzz_ed", "hive_g", List.of("persona.use"), NOW, NOW + 600, "https://w.example", null);
        service.validateAndBind(TokenSigner.jws(ed, d), request, ed.publicJwk());
        List<String> seeds = List.of(TokenSigner.hive(es, c), TokenSigner.jws(es, c), TokenSigner.jws(ed, d));
        Set<Consent> genuine = new HashSet<>();
        for (String s : seeds) {
            genuine.add(service.validate(s, request));
        }
        Random random = new Random(42);
        int denied = 0;
        for (int i = 0; i < 20_000; i++) {
            String token =
                    switch (i % 4) {
                        case 0 -> randomBytes(random);
                        case 1 -> mutateChars(seeds.get(random.nextInt(seeds.size())), random);
                        case 2 -> mutateDecoded(seeds.get(random.nextInt(seeds.size())), random);
                        default -> structured(random);
                    };
            try {
                // an accepted mutation may only differ in encoding (e.g. unused base64 bits): same claims
                assertThat(genuine).contains(service.validate(token, request));
            } catch (ConsentDenied expected) {
                denied++;
                assertThat(expected.code().httpStatus()).isBetween(401, 429);
            }
        }
        assertThat(denied).isGreaterThan(19_000);
    }

    static String randomBytes(Random r) {
        byte[] b = new byte[r.nextInt(300)];
        r.nextBytes(b);
        return r.nextBoolean()
                ? new String(b, StandardCharsets.ISO_8859_1)
                : Base64.getUrlEncoder().encodeToString(b);
    }

    static String mutateChars(String token, Random r) {
        StringBuilder sb = new StringBuilder(token);
        int n = 1 + r.nextInt(4);
        for (int k = 0; k < n && sb.length() > 0; k++) {
            int at = r.nextInt(sb.length());
            switch (r.nextInt(3)) {
                case 0 -> sb.setCharAt(at, (char) (32 + r.nextInt(95)));
                case 1 -> sb.deleteCharAt(at);
                default -> sb.insert(at, (char) r.nextInt(0x3000));
            }
        }
        return sb.toString();
    }

    /** Mutates the JSON inside the token and re-encodes it, so the parser sees valid base64 of broken JSON. */
    static String mutateDecoded(String token, Random r) {
        String[] parts = token.split("\\.", -1);
        int which = parts.length == 3 ? r.nextInt(2) : 0;
        String json = new String(Base64.getUrlDecoder().decode(parts[which]), StandardCharsets.UTF_8);
        String[] replacements = {"null", "1e999", "-1", "\"\"", "[]", "{}", "true", "9223372036854775808", "\"a|b\""};
        String mutated = json.replaceFirst(":[^,}]+", ":" + replacements[r.nextInt(replacements.length)]);
        if (r.nextBoolean()) {
            mutated = mutated.substring(0, r.nextInt(mutated.length() + 1));
        }
        parts[which] = Base64.getUrlEncoder().withoutPadding().encodeToString(mutated.getBytes(StandardCharsets.UTF_8));
        return String.join(".", parts);
    }

    static String structured(Random r) {
        Object[] values = {null, 1, -5, 1.5, "x", "", List.of(1, 2), Map.of("a", 1), Long.MAX_VALUE, true};
        StringBuilder json = new StringBuilder("{");
        String[] names = {"sub", "sessionId", "scopes", "iat", "exp", "origin", "signature", "alg", "kid", "nbf", "jti"
        };
        for (String n : names) {
            if (r.nextInt(4) > 0) {
                Object v = values[r.nextInt(values.length)];
                json.append('"')
                        .append(n)
                        .append("\":")
                        .append(org.aiverse.json.Json.write(v))
                        .append(',');
            }
        }
        json.append("\"z\":0}");
        String encoded = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
        return r.nextBoolean() ? encoded : encoded + "." + encoded + "." + encoded;
    }
}
