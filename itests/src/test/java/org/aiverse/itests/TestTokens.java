package org.aiverse.itests;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.aiverse.contracts.snapshot.PersonalitySnapshot;
import org.aiverse.json.Json;
import org.aiverse.token.ClientKey;
import org.aiverse.token.TokenSigner;
import org.aiverse.token.TokenSigner.Claims;

/**
 * Real consent tokens for the tests, made with the {@code aiverse-token} tool as a user would (ConsentIT shows
 * every encoding): one Ed25519 key per user, bound to that user by registering a snapshot over HTTP (trust on first
 * use), and compact JWS tokens for the browser origin {@link #ORIGIN}, valid for ten minutes from now.
 */
final class TestTokens {

    static final String ORIGIN = "https://world.example";

    private final Map<String, ClientKey> keys = new ConcurrentHashMap<>();

    /** The user's key, made on first use. */
    ClientKey key(String sub) {
        return keys.computeIfAbsent(sub, s -> ClientKey.generate(ClientKey.EDDSA));
    }

    /** A token of {@code sub} for {@link #ORIGIN} with these scopes, issued now. */
    String token(String sub, String... scopes) {
        return TokenSigner.jws(key(sub), Claims.now(sub, "hive_" + sub, List.of(scopes), ORIGIN, 600));
    }

    /**
     * The body of {@code POST /api/v1/snapshots}: the snapshot, its owner's public key and the memories imported
     * with it ({@code null} for none).
     */
    String snapshotBody(PersonalitySnapshot snapshot, List<Map<String, Object>> memories) {
        Map<String, Object> body = new LinkedHashMap<>(Json.toMap(snapshot));
        body.put("owner_key", key(snapshot.ownerId()).publicJwk());
        if (memories != null) {
            body.put("memories", memories);
        }
        return Json.write(body);
    }

    /** A memory (seed 4.8) as the snapshot endpoint takes it. */
    static Map<String, Object> memory(String id, long ts, String text, double salience, boolean exportable) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("ts", ts);
        m.put("text", text);
        m.put("source", "import");
        m.put("salience", salience);
        m.put("privacy", Map.of("pii", false, "exportable", exportable));
        return m;
    }
}
