package org.aiverse.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.inject.Inject;
import org.aiverse.bus.Bus;
import org.aiverse.contracts.api.PlaybackRequest;
import org.aiverse.contracts.memory.MemoryItem;
import org.aiverse.contracts.recorder.EventType;
import org.aiverse.contracts.recorder.SessionEvent;
import org.aiverse.json.Json;
import org.aiverse.persistence.Database;
import org.aiverse.recorder.api.RecordingQuery;
import org.aiverse.rest.RestApi;
import org.aiverse.snapshot.api.SnapshotStore;
import org.aiverse.token.ClientKey;
import org.aiverse.token.TokenSigner;
import org.aiverse.token.TokenSigner.Claims;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Consent tokens, keys, revocation, snapshots and operators through the real HTTP server (seed 4.1, 5.6, 7.1, 7.2;
 * DESIGN §3): every seed error code for its own reason, the Hive Container's own token format, console revocation
 * taking effect at once, operator HTTP Basic against Karaf JAAS, versions kept, memories sealed at rest, redaction.
 * On a fresh PostgreSQL database (the keyring, revocations and sealed memories are what must persist).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsentIT extends PlatformTestSupport {

    static final String ORIGIN = "https://world.example";
    static final String NATIVE = "app://aiverse-it";

    @Inject
    private BundleContext context;

    @Inject
    private Database database;

    @Inject
    private SnapshotStore snapshots;

    @Inject
    private RecordingQuery recordings;

    @Inject
    private Bus bus;

    private ServiceRegistration<Object> protectedEcho;

    @Configuration
    public Option[] config() {
        return platform(
                freshPostgres(),
                tokenTool(),
                // the console commands of org.aiverse.shell register only once every command's services are up
                features(
                        "mvn:org.aiverse/aiverse-features/" + System.getProperty("aiverse.version") + "/xml/features",
                        "aiverse-registry",
                        "aiverse-recorder"),
                editConfigurationFilePut("etc/users.properties", "opal", "opal-secret,aiverse-operator"),
                editConfigurationFilePut("etc/users.properties", "victor", "victor-secret,viewer"),
                editConfigurationFilePut("etc/org.aiverse.auth.cfg", "nativeOrigins", NATIVE),
                editConfigurationFilePut("etc/org.aiverse.auth.cfg", "maxFailuresPerMinute", "25"));
    }

    @Before
    public void registerOperatorEndpoint() {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("osgi.jaxrs.resource", Boolean.TRUE);
        props.put("osgi.jaxrs.application.select", RestApi.APPLICATION_SELECT);
        protectedEcho = context.registerService(Object.class, new ProtectedEchoResource(), props);
        awaitHealthy();
    }

    @After
    public void unregister() {
        protectedEcho.unregister();
    }

    // ------------------------------------------------------------------ helpers

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    static Claims claims(String sub, String session, String... scopes) {
        return new Claims(sub, session, List.of(scopes), now(), now() + 600, ORIGIN, null);
    }

    Answer call(String method, String path, String token, String origin, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return send(b);
    }

    Answer getWith(String path, String token) {
        return call("GET", path, token, ORIGIN, null);
    }

    static String snapshot(String id, int version, String owner, ClientKey key, List<Map<String, Object>> memories) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", id);
        s.put("version", version);
        s.put("owner_id", owner);
        s.put("profile", Map.of("name", "Alice_Core", "tone", Map.of("curious", 0.8)));
        s.put("memory_index", List.of(Map.of("id", "m1", "salience", 0.92, "ts", 1712345678)));
        s.put("created_at", 1712345000);
        s.put("updated_at", 1712345000 + version);
        s.put("owner_key", key.publicJwk());
        if (memories != null) {
            s.put("memories", memories);
        }
        return Json.write(s);
    }

    static Map<String, Object> memory(String id, String text, boolean exportable) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("ts", 1712345000);
        m.put("text", text);
        m.put("source", "import");
        m.put("salience", 0.9);
        m.put("privacy", Map.of("pii", false, "exportable", exportable));
        return m;
    }

    static void assertError(Answer a, int status, String code, String messagePart) {
        assertEquals(a.body(), status, a.status());
        JsonNode error = a.json().path("error");
        assertEquals(a.body(), code, error.path("code").asText());
        assertTrue(a.body(), error.path("message").asText().contains(messagePart));
        assertFalse(error.path("corr_id").asText().isEmpty());
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String jws(ClientKey key, String kid, Map<String, Object> claims) {
        String input = b64(Json.writeBytes(Map.of("alg", key.alg(), "kid", kid))) + "." + b64(Json.writeBytes(claims));
        return input + "." + b64(key.sign(input.getBytes(StandardCharsets.US_ASCII)));
    }

    // ------------------------------------------------------------------ scenarios

    @Test
    public void snapshotsKeepVersionsSealMemoriesAndRedactIrreversibly() throws Exception {
        ClientKey key = ClientKey.generate(ClientKey.ES256);
        String secret = "Visited the bioluminescent gallery SECRET-7f3a";
        String token = TokenSigner.hive(key, claims("alice", "hive_alice", "persona.use"));
        List<Map<String, Object>> memories = List.of(memory("m1", secret, false), memory("m2", "shared note", true));

        Answer created = call("POST", "/api/v1/snapshots", token, ORIGIN, snapshot("ps_it", 1, "alice", key, memories));
        assertEquals(created.body(), 201, created.status());
        assertEquals("alice", created.json().path("owner_id").asText());

        Answer v2 = call("POST", "/api/v1/snapshots", token, ORIGIN, snapshot("ps_it", 2, "alice", key, memories));
        assertEquals(v2.body(), 201, v2.status());
        assertError(
                call("POST", "/api/v1/snapshots", token, ORIGIN, snapshot("ps_it", 1, "alice", key, null)),
                409,
                "conflict",
                "never overwritten");

        assertEquals(
                2,
                getWith("/api/v1/snapshots/ps_it", token).json().path("version").asInt());
        Answer first = getWith("/api/v1/snapshots/ps_it/versions/1", token);
        assertEquals(first.body(), 1, first.json().path("version").asInt());
        assertEquals(1712345001, first.json().path("updated_at").asLong());
        assertError(getWith("/api/v1/snapshots/ps_it/versions/9", token), 404, "not_found", "ps_it");
        assertError(getWith("/api/v1/snapshots/ps_it/versions/x", token), 400, "validation_error", "version");
        assertError(
                call(
                        "POST",
                        "/api/v1/snapshots",
                        token,
                        ORIGIN,
                        snapshot("ps_it", 3, "alice", key, List.of(Map.of("id", "bad", "ts", 1, "salience", 2.0)))),
                400,
                "validation_error",
                "memories[0].salience");

        // sealed at rest: the raw rows never hold the text
        try (Connection c = database.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT sealed FROM snapshot_memory WHERE snapshot_id = 'ps_it'")) {
            int rows = 0;
            while (rs.next()) {
                rows++;
                String sealed = rs.getString(1);
                assertFalse(sealed.contains("SECRET-7f3a"));
                assertFalse(new String(Base64.getDecoder().decode(sealed), StandardCharsets.ISO_8859_1)
                        .contains("SECRET-7f3a"));
            }
            assertEquals(4, rows);
        }
        MemoryItem m1 = snapshots.memories("ps_it", 1).get(0);
        assertEquals(secret, m1.text());
        assertFalse(m1.effectivePrivacy().exportable());

        // redaction: irreversible, in every version, with an audit stub
        Answer stub = call("POST", "/api/v1/snapshots/ps_it/memories/m1/redact", token, ORIGIN, null);
        assertEquals(stub.body(), 200, stub.status());
        String expected = "sha256:"
                + HexFormat.of()
                        .formatHex(
                                MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, stub.json().path("checksum").asText());
        assertEquals("m1", stub.json().path("id").asText());
        assertTrue(stub.json().path("ts").asLong() > 0);
        for (int version = 1; version <= 2; version++) {
            MemoryItem redacted = snapshots.memories("ps_it", version).get(0);
            assertNull(redacted.text());
            assertTrue(redacted.redacted());
            assertEquals(
                    "shared note", snapshots.memories("ps_it", version).get(1).text());
        }
        assertEquals(
                stub.json().path("ts").asLong(),
                call("POST", "/api/v1/snapshots/ps_it/memories/m1/redact", token, ORIGIN, null)
                        .json()
                        .path("ts")
                        .asLong());
        assertError(
                call("POST", "/api/v1/snapshots/ps_it/memories/nope/redact", token, ORIGIN, null),
                404,
                "not_found",
                "nope");

        // another user cannot read it
        ClientKey mallory = ClientKey.generate(ClientKey.EDDSA);
        String mt = TokenSigner.jws(mallory, claims("mallory", "hive_m", "persona.use"));
        assertEquals(
                201,
                call("POST", "/api/v1/snapshots", mt, ORIGIN, snapshot("ps_m", 1, "mallory", mallory, null))
                        .status());
        assertError(getWith("/api/v1/snapshots/ps_it", mt), 403, "blocked_scope", "owner");
        // nor bind alice's key to himself
        assertError(
                call(
                        "POST",
                        "/api/v1/snapshots",
                        TokenSigner.hive(key, claims("mallory", "hive_m", "persona.use")),
                        ORIGIN,
                        snapshot("ps_m", 2, "mallory", key, null)),
                409,
                "conflict",
                "another user");

        // rotation: a new key is bound only with a token of a bound key; the old key keeps working (overlap)
        ClientKey next = ClientKey.generate(ClientKey.EDDSA);
        assertError(
                call(
                        "POST",
                        "/api/v1/snapshots",
                        TokenSigner.jws(next, claims("alice", "hive_alice", "persona.use")),
                        ORIGIN,
                        snapshot("ps_it", 3, "alice", next, null)),
                401,
                "invalid_token",
                "unknown key");
        assertEquals(
                201,
                call("POST", "/api/v1/snapshots", token, ORIGIN, snapshot("ps_it", 3, "alice", next, null))
                        .status());
        assertEquals(
                200,
                getWith("/api/v1/snapshots/ps_it", TokenSigner.jws(next, claims("alice", "s2", "persona.use")))
                        .status());
        assertEquals(200, getWith("/api/v1/snapshots/ps_it", token).status());
        String keys = executeCommand("aiverse:keys --sub alice");
        assertTrue(keys, keys.contains(key.kid()) && keys.contains("retired") && keys.contains(next.kid()));

        String listed = executeCommand("aiverse:snapshots");
        assertTrue(listed, listed.contains("ps_it") && listed.contains("alice"));
    }

    @Test
    public void aTokenMadeExactlyAsTheExtensionMakesItIsAccepted() throws Exception {
        // WebCrypto ECDSA P-256 / SHA-256 over sub|sessionId|scopes|iat|exp|origin, raw r||s, no kid
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair pair = g.generateKeyPair();
        java.security.interfaces.ECPublicKey pub = (java.security.interfaces.ECPublicKey) pair.getPublic();
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "EC");
        jwk.put("crv", "P-256");
        jwk.put("x", b64(fixed(pub.getW().getAffineX().toByteArray())));
        jwk.put("y", b64(fixed(pub.getW().getAffineY().toByteArray())));
        long iat = now();
        String signed =
                "hive_user|hive_ab12cd34|persona.use,memory.read.limited|" + iat + "|" + (iat + 1800) + "|" + ORIGIN;
        java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initSign(pair.getPrivate());
        s.update(signed.getBytes(StandardCharsets.UTF_8));
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("sessionId", "hive_ab12cd34");
        t.put("sub", "hive_user");
        t.put("scopes", List.of("persona.use", "memory.read.limited"));
        t.put("iat", iat);
        t.put("exp", iat + 1800);
        t.put("origin", ORIGIN);
        t.put("signature", b64(s.sign()));
        t.put("alg", "ES256");
        String token = b64(Json.writeBytes(t));
        Map<String, Object> body = new LinkedHashMap<>(Json.read(
                snapshot("ps_hive", 1, "hive_user", ClientKey.generate(ClientKey.ES256), null),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {}));
        body.put("owner_key", jwk);
        Answer created = call("POST", "/api/v1/snapshots", token, ORIGIN, Json.write(body));
        assertEquals(created.body(), 201, created.status());
        assertEquals(200, getWith("/api/v1/snapshots/ps_hive", token).status());
    }

    @Test
    public void everySeedErrorCodeIsReachableForItsOwnReason() {
        ClientKey key = ClientKey.generate(ClientKey.EDDSA);
        String owner = "codes_user";
        Claims ok = claims(owner, "hive_codes", "persona.use");
        assertEquals(
                201,
                call(
                                "POST",
                                "/api/v1/snapshots",
                                TokenSigner.jws(key, ok),
                                ORIGIN,
                                snapshot("ps_codes", 1, owner, key, null))
                        .status());
        String path = "/api/v1/snapshots/ps_codes";
        assertEquals(200, getWith(path, TokenSigner.jws(key, ok)).status());

        assertError(getWith(path, null), 401, "invalid_token", "Bearer");
        // a denial for a known session is recorded in its chain as a policy_block event
        Answer blocked = send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header(
                        "Authorization",
                        "Bearer " + TokenSigner.jws(key, claims(owner, "hive_codes", "memory.read.full")))
                .header("Origin", ORIGIN)
                .header("X-Session-Id", "sess_it_block")
                .GET());
        assertError(blocked, 403, "blocked_scope", "persona.use");
        List<SessionEvent> events = recordings
                .playback(Json.read("{\"session_id\":\"sess_it_block\"}", PlaybackRequest.class), 0)
                .events();
        assertTrue(
                events.toString(),
                events.stream()
                        .anyMatch(e -> e.type() == EventType.POLICY_BLOCK
                                && "blocked_scope".equals(e.payload().get("reason_code"))
                                && "missing_scope".equals(e.payload().get("reason"))));
        assertError(getWith(path, "garbage"), 401, "invalid_token", "malformed");
        assertError(
                getWith(path, TokenSigner.jws(key, ok.withTimes(now() - 1000, now() - 5))),
                401,
                "token_expired",
                "expired");
        assertError(
                getWith(path, TokenSigner.jws(key, ok.withTimes(now() + 300, now() + 900))),
                401,
                "invalid_token",
                "clock skew");
        assertError(
                getWith(path, TokenSigner.jws(key, ok.withTimes(now(), now() + 1801))),
                401,
                "invalid_token",
                "lifetime");
        Map<String, Object> nbf = new LinkedHashMap<>();
        nbf.put("sessionId", "hive_codes");
        nbf.put("sub", owner);
        nbf.put("scopes", List.of("persona.use"));
        nbf.put("iat", now());
        nbf.put("exp", now() + 600);
        nbf.put("nbf", now() + 400);
        nbf.put("origin", ORIGIN);
        assertError(getWith(path, jws(key, key.kid(), nbf)), 401, "invalid_token", "not valid yet");
        assertError(
                call("GET", path, TokenSigner.jws(key, ok), "https://evil.example", null),
                403,
                "origin_mismatch",
                "origin");
        // a native client (no Origin header) is accepted only with a configured origin
        assertError(call("GET", path, TokenSigner.jws(key, ok), null, null), 403, "origin_mismatch", "native");
        Claims nativeClaims = new Claims(owner, "hive_codes", List.of("persona.use"), now(), now() + 600, NATIVE, null);
        assertEquals(
                200,
                call("GET", path, TokenSigner.jws(key, nativeClaims), null, null)
                        .status());

        String[] parts = TokenSigner.jws(key, ok).split("\\.");
        String tampered = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("hive_codes", "hive_codez");
        assertError(
                getWith(path, parts[0] + "." + b64(tampered.getBytes(StandardCharsets.UTF_8)) + "." + parts[2]),
                401,
                "invalid_signature",
                "signature");
        ClientKey other = ClientKey.generate(ClientKey.EDDSA);
        Map<String, Object> claims = new LinkedHashMap<>(nbf);
        claims.remove("nbf");
        assertError(getWith(path, jws(other, key.kid(), claims)), 401, "invalid_signature", "signature");
        assertError(getWith(path, TokenSigner.jws(other, ok)), 401, "invalid_token", "unknown key id");
        assertError(
                getWith(path, TokenSigner.jws(key, claims(owner, "hive_codes", "memory.read.limited"))),
                403,
                "blocked_scope",
                "persona.use");

        String once = TokenSigner.jws(key, ok.withJti("jti-1"));
        assertEquals(200, getWith(path, once).status());
        assertError(getWith(path, once), 401, "invalid_token", "already presented");

        // revocation by session id from the console takes effect at once
        String session = TokenSigner.jws(key, claims(owner, "hive_revoke_me", "persona.use"));
        assertEquals(200, getWith(path, session).status());
        String out = executeCommand("aiverse:revoke hive_revoke_me");
        assertTrue(out, out.contains("revoked session hive_revoke_me"));
        assertError(getWith(path, session), 403, "revoked", "session");
        assertEquals(200, getWith(path, TokenSigner.jws(key, ok)).status());

        // a revocation made on another node arrives over the bus and takes effect here
        String remote = TokenSigner.jws(key, claims(owner, "hive_remote", "persona.use"));
        assertEquals(200, getWith(path, remote).status());
        bus.publish(
                "auth.revocations",
                Json.writeBytes(Map.of(
                        "node",
                        "another-node",
                        "kind",
                        "SESSION",
                        "target",
                        "hive_remote",
                        "ts",
                        now(),
                        "reason",
                        "it")));
        await(
                "the remote revocation to take effect",
                java.time.Duration.ofSeconds(30),
                () -> getWith(path, remote).status() == 403);
        assertError(getWith(path, remote), 403, "revoked", "session");

        // revocation by kid
        ClientKey second = ClientKey.generate(ClientKey.ES256);
        Claims sc = claims("kid_user", "hive_kid", "persona.use");
        assertEquals(
                201,
                call(
                                "POST",
                                "/api/v1/snapshots",
                                TokenSigner.hive(second, sc),
                                ORIGIN,
                                snapshot("ps_kid", 1, "kid_user", second, null))
                        .status());
        assertEquals(
                200,
                getWith("/api/v1/snapshots/ps_kid", TokenSigner.hive(second, sc))
                        .status());
        out = executeCommand("aiverse:keys --revoke " + second.kid());
        assertTrue(out, out.contains("revoked key"));
        assertError(getWith("/api/v1/snapshots/ps_kid", TokenSigner.hive(second, sc)), 403, "revoked", "key");
        assertTrue(executeCommand("aiverse:keys").contains("revoked"));

        // too many failures: 429 for that user, others unaffected
        ClientKey flood = ClientKey.generate(ClientKey.EDDSA);
        Claims fc = claims("flood_user", "hive_flood", "persona.use");
        assertEquals(
                201,
                call(
                                "POST",
                                "/api/v1/snapshots",
                                TokenSigner.jws(flood, fc),
                                ORIGIN,
                                snapshot("ps_flood", 1, "flood_user", flood, null))
                        .status());
        String expired = TokenSigner.jws(flood, fc.withTimes(now() - 1000, now() - 10));
        int failures = 0;
        Answer last = getWith("/api/v1/snapshots/ps_flood", expired);
        while (last.status() == 401 && failures < 60) {
            failures++;
            last = getWith("/api/v1/snapshots/ps_flood", expired);
        }
        assertError(last, 429, "rate_limited", "too many");
        assertTrue("at least the configured 25 failures first: " + failures, failures >= 25);
        assertError(getWith("/api/v1/snapshots/ps_flood", TokenSigner.jws(flood, fc)), 429, "rate_limited", "too many");
        assertEquals(200, getWith(path, TokenSigner.jws(key, ok)).status());
    }

    @Test
    public void randomAndMutatedTokensNeverProduceAServerError() {
        ClientKey key = ClientKey.generate(ClientKey.ES256);
        Claims c = claims("fuzz_user", "hive_fuzz", "persona.use");
        String good = TokenSigner.hive(key, c);
        assertEquals(
                201,
                call("POST", "/api/v1/snapshots", good, ORIGIN, snapshot("ps_fuzz", 1, "fuzz_user", key, null))
                        .status());
        Random random = new Random(7);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            StringBuilder t = new StringBuilder(i % 2 == 0 ? good : TokenSigner.jws(key, c));
            int at = random.nextInt(t.length());
            t.setCharAt(at, (char) ('A' + random.nextInt(26)));
            byte[] noise = new byte[random.nextInt(64) + 1];
            random.nextBytes(noise);
            String token = i % 3 == 0 ? b64(noise) : t.toString();
            Answer a = getWith("/api/v1/snapshots/ps_fuzz", token);
            statuses.add(a.status());
            assertNotEquals(a.body(), 500, a.status());
            assertTrue(a.body(), a.status() == 200 || a.status() == 401 || a.status() == 403);
        }
        assertTrue(statuses.toString(), statuses.contains(401));
    }

    @Test
    public void operatorsAuthenticateAgainstKarafJaas() {
        String path = "/api/v1/it-protected/operator";
        assertError(get(path), 401, "invalid_token", "operator credentials");
        assertError(basic(path, "opal", "wrong"), 401, "invalid_token", "not accepted");
        assertError(basic(path, "nobody", "opal-secret"), 401, "invalid_token", "not accepted");
        assertError(basic(path, "victor", "victor-secret"), 403, "blocked_scope", "aiverse-operator");
        Answer ok = basic(path, "opal", "opal-secret");
        assertEquals(ok.body(), 200, ok.status());
        assertTrue(ok.json().path("reached").asBoolean());
    }

    private Answer basic(String path, String user, String password) {
        String credentials =
                Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Authorization", "Basic " + credentials)
                .GET());
    }

    private static byte[] fixed(byte[] raw) {
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }
}
