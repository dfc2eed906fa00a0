package org.aiverse.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aiverse.auth.api.Consent;
import org.aiverse.auth.api.ConsentDenied;
import org.aiverse.auth.api.ConsentRequest;
import org.aiverse.auth.api.Revocation;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.api.ErrorCode;
import org.aiverse.json.Json;
import org.aiverse.token.ClientKey;
import org.aiverse.token.TokenSigner;
import org.aiverse.token.TokenSigner.Claims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConsentServiceTest {

    static final String ORIGIN = "https://world.example";
    static final String NATIVE = "app://aiverse-native";
    static final long T0 = 1_800_000_000L;

    TestDb.MovableClock clock;
    ConsentService service;
    final List<String> denials = new ArrayList<>();
    final List<Revocation> revocations = new ArrayList<>();

    @BeforeEach
    void setUp() {
        clock = new TestDb.MovableClock(T0);
        service = new ConsentService(
                new AuthStore(TestDb.migrated()),
                new AuthSettings(1800, 60, 120, Set.of(NATIVE), 30),
                clock,
                new ConsentService.Hooks() {
                    @Override
                    public void denied(ConsentDenied denial, ParsedToken token, ConsentRequest request) {
                        denials.add(denial.reason());
                    }

                    @Override
                    public void revoked(Revocation revocation, boolean local) {
                        revocations.add(revocation);
                    }

                    @Override
                    public void keyChanged(String kid) {}
                });
    }

    static ConsentRequest browser(String... scopes) {
        return new ConsentRequest(ORIGIN, Set.of(scopes), null, "127.0.0.1");
    }

    Claims claims(String sub) {
        return new Claims(sub, "hive_ab12cd34", List.of("persona.use"), T0, T0 + 600, ORIGIN, null);
    }

    /** Binds a key for {@code sub} (trust on first use) and returns it. */
    ClientKey bound(String sub, String alg) {
        ClientKey key = ClientKey.generate(alg);
        service.validateAndBind(TokenSigner.jws(key, claims(sub)), browser(), key.publicJwk());
        return key;
    }

    ConsentDenied denial(String token, ConsentRequest request) {
        try {
            service.validate(token, request);
        } catch (ConsentDenied d) {
            return d;
        }
        throw new AssertionError("accepted");
    }

    void assertDenied(String token, ConsentRequest request, ErrorCode code, String reason) {
        ConsentDenied d = denial(token, request);
        assertThat(d.code()).as(d.getMessage()).isEqualTo(code);
        assertThat(d.reason()).isEqualTo(reason);
        assertThat(denials).endsWith(reason);
    }

    @Test
    void aTokenMadeExactlyAsTheExtensionMakesItIsAccepted() throws Exception {
        // WebCrypto: ECDSA P-256 / SHA-256, signature raw r||s, over sub|sessionId|scopes|iat|exp|origin
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        var pair = g.generateKeyPair();
        ECPublicKey pub = (ECPublicKey) pair.getPublic();
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "EC");
        jwk.put("crv", "P-256");
        jwk.put("x", b64(unsigned32(pub.getW().getAffineX().toByteArray())));
        jwk.put("y", b64(unsigned32(pub.getW().getAffineY().toByteArray())));
        String signed =
                "user_abc|hive_ab12cd34|persona.use,memory.read.limited|" + T0 + "|" + (T0 + 1800) + "|" + ORIGIN;
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initSign(pair.getPrivate());
        s.update(signed.getBytes(StandardCharsets.UTF_8));
        byte[] sig = s.sign();
        assertThat(sig).hasSize(64);
        String json = "{\"sessionId\":\"hive_ab12cd34\",\"sub\":\"user_abc\",\"scopes\":[\"persona.use\","
                + "\"memory.read.limited\"],\"iat\":" + T0 + ",\"exp\":" + (T0 + 1800) + ",\"origin\":\"" + ORIGIN
                + "\",\"signature\":\"" + b64(sig) + "\",\"alg\":\"ES256\"}";
        String token = b64(json.getBytes(StandardCharsets.UTF_8));

        Consent first = service.validateAndBind(token, browser("persona.use"), jwk);
        assertThat(first.sub()).isEqualTo("user_abc");
        assertThat(first.scopes()).containsExactly("persona.use", "memory.read.limited");
        assertThat(first.kid()).isEqualTo(PublicJwk.parse(jwk, "k").kid());
        // a session token is reusable within its TTL, with or without kid lookup
        Consent again = service.validate(token, browser("persona.use", "memory.read.limited"));
        assertThat(again.sessionId()).isEqualTo("hive_ab12cd34");
        // the bare JSON form and standard base64 signatures are read too
        assertThat(service.validate(json, browser()).sub()).isEqualTo("user_abc");
    }

    @Test
    void hiveAndJwsTokensOfTheToolAreAccepted() {
        ClientKey es = bound("user_es", ClientKey.ES256);
        ClientKey ed = bound("user_ed", ClientKey.EDDSA);
        assertThat(service.validate(TokenSigner.hive(es, claims("user_es")), browser("persona.use"))
                        .kid())
                .isEqualTo(es.kid());
        assertThat(service.validate(TokenSigner.jws(es, claims("user_es")), browser())
                        .kid())
                .isEqualTo(es.kid());
        assertThat(service.validate(TokenSigner.jws(ed, claims("user_ed")), browser())
                        .kid())
                .isEqualTo(ed.kid());
        assertThat(service.keysOf("user_ed")).singleElement().satisfies(k -> {
            assertThat(k.alg()).isEqualTo("EdDSA");
            assertThat(k.state()).isEqualTo("active");
        });
    }

    @Test
    void everyFailureHasItsOwnCodeAndReason() {
        ClientKey key = bound("alice", ClientKey.EDDSA);
        Claims ok = claims("alice");

        assertDenied(
                TokenSigner.jws(key, ok.withTimes(T0 - 1200, T0 - 1)), browser(), ErrorCode.TOKEN_EXPIRED, "expired");
        assertDenied(
                TokenSigner.jws(key, ok.withTimes(T0 + 61, T0 + 600)),
                browser(),
                ErrorCode.INVALID_TOKEN,
                "clock_skew");
        assertThat(service.validate(TokenSigner.jws(key, ok.withTimes(T0 + 59, T0 + 600)), browser()))
                .as("a client clock ahead by less than the skew is tolerated")
                .isNotNull();
        assertDenied(
                TokenSigner.jws(key, ok.withTimes(T0, T0 + 1801)), browser(), ErrorCode.INVALID_TOKEN, "ttl_too_long");
        assertDenied(jwsWith(key, ok, Map.of("nbf", T0 + 300)), browser(), ErrorCode.INVALID_TOKEN, "not_yet_valid");
        assertDenied(
                TokenSigner.jws(key, ok),
                new ConsentRequest("https://evil.example", Set.of(), null, null),
                ErrorCode.ORIGIN_MISMATCH,
                "origin_mismatch");
        assertDenied(
                TokenSigner.jws(key, ok),
                new ConsentRequest(null, Set.of(), null, null),
                ErrorCode.ORIGIN_MISMATCH,
                "origin_not_configured");
        Claims nativeClaims = new Claims("alice", "hive_n", List.of("persona.use"), T0, T0 + 600, NATIVE, null);
        assertThat(service.validate(TokenSigner.jws(key, nativeClaims), new ConsentRequest(null, Set.of(), null, null)))
                .isNotNull();
        assertDenied(TokenSigner.jws(key, ok), browser("memory.read.full"), ErrorCode.BLOCKED_SCOPE, "missing_scope");

        // tampered claims: the scopes changed after signing
        String[] parts = TokenSigner.jws(key, ok).split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("[\"persona.use\"]", "[\"persona.use\",\"memory.read.full\"]");
        assertDenied(
                parts[0] + "." + b64(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2],
                browser(),
                ErrorCode.INVALID_SIGNATURE,
                "bad_signature");
        // signed by another key under alice's kid
        ClientKey other = ClientKey.generate(ClientKey.EDDSA);
        String forged = TokenSigner.jws(other, ok);
        String[] f = forged.split("\\.");
        String header = b64(("{\"alg\":\"EdDSA\",\"kid\":\"" + key.kid() + "\"}").getBytes(StandardCharsets.UTF_8));
        byte[] sig = other.sign((header + "." + f[1]).getBytes(StandardCharsets.US_ASCII));
        assertDenied(header + "." + f[1] + "." + b64(sig), browser(), ErrorCode.INVALID_SIGNATURE, "bad_signature");
        // a kid nobody registered
        assertDenied(TokenSigner.jws(other, ok), browser(), ErrorCode.INVALID_TOKEN, "unknown_kid");
        // bob's key cannot speak for alice
        ClientKey bob = bound("bob", ClientKey.EDDSA);
        assertDenied(TokenSigner.jws(bob, ok), browser(), ErrorCode.INVALID_SIGNATURE, "key_not_bound_to_sub");
        // garbage
        assertDenied("not-a-token", browser(), ErrorCode.INVALID_TOKEN, "malformed");
    }

    @Test
    void revocationsBySessionAndByKeyTakeEffectAtOnce() {
        ClientKey key = bound("carol", ClientKey.ES256);
        String token = TokenSigner.hive(key, claims("carol"));
        assertThat(service.validate(token, browser())).isNotNull();
        service.revokeSession("hive_ab12cd34", "user stop");
        assertThat(revocations).singleElement().satisfies(r -> assertThat(r.kind())
                .isEqualTo(Revocation.Kind.SESSION));
        assertDenied(token, browser(), ErrorCode.REVOKED, "session_revoked");
        Claims other = new Claims("carol", "hive_other", List.of("persona.use"), T0, T0 + 600, ORIGIN, null);
        assertThat(service.validate(TokenSigner.jws(key, other), browser())).isNotNull();
        service.revokeKey(key.kid(), "compromised");
        assertDenied(TokenSigner.jws(key, other), browser(), ErrorCode.REVOKED, "key_revoked");
        assertThat(service.lookup(key.kid())).get().satisfies(k -> assertThat(k.state())
                .isEqualTo("revoked"));
        assertThat(service.isKeyRevoked(key.kid())).isTrue();
        assertThat(service.list()).hasSize(2);
    }

    @Test
    void aSingleUseTokenIsAcceptedOnceAndASessionTokenManyTimes() {
        ClientKey key = bound("dave", ClientKey.EDDSA);
        String once = TokenSigner.jws(key, claims("dave").withJti("j-1"));
        assertThat(service.validate(once, browser())).isNotNull();
        assertDenied(once, browser(), ErrorCode.INVALID_TOKEN, "replayed");
        String session = TokenSigner.jws(key, claims("dave"));
        for (int i = 0; i < 3; i++) {
            assertThat(service.validate(session, browser())).isNotNull();
        }
    }

    @Test
    void rotationNeedsABoundKeyAndTheOldKeyVerifiesForTheOverlapWindowOnly() {
        ClientKey old = bound("erin", ClientKey.EDDSA);
        ClientKey fresh = ClientKey.generate(ClientKey.ES256);
        // a token signed by the new key itself is no proof once erin has a key
        ConsentDenied d = catchDenied(
                () -> service.validateAndBind(TokenSigner.jws(fresh, claims("erin")), browser(), fresh.publicJwk()));
        assertThat(d.code()).isEqualTo(ErrorCode.INVALID_TOKEN);
        assertThat(d.reason()).isEqualTo("unknown_kid");
        // signed by the bound key: rotation
        service.validateAndBind(TokenSigner.jws(old, claims("erin")), browser(), fresh.publicJwk());
        assertThat(service.lookup(old.kid())).get().satisfies(k -> assertThat(k.state())
                .isEqualTo("retired"));
        assertThat(service.lookup(fresh.kid())).get().satisfies(k -> assertThat(k.state())
                .isEqualTo("active"));
        clock.advance(120);
        Claims now = claims("erin").withTimes(clock.seconds(), clock.seconds() + 600);
        assertThat(service.validate(TokenSigner.jws(old, now), browser())).isNotNull();
        assertThat(service.validate(TokenSigner.hive(fresh, now), browser())).isNotNull();
        clock.advance(1);
        assertDenied(
                TokenSigner.jws(old, claims("erin").withTimes(clock.seconds(), clock.seconds() + 600)),
                browser(),
                ErrorCode.INVALID_TOKEN,
                "key_retired");
        // a key bound to erin cannot be bound to someone else
        ConsentDenied taken = catchDenied(
                () -> service.validateAndBind(TokenSigner.jws(old, claims("frank")), browser(), old.publicJwk()));
        assertThat(taken.code()).isEqualTo(ErrorCode.CONFLICT);
    }

    @Test
    void aMalformedOwnerKeyIsAValidationErrorNamingTheMember() {
        ClientKey key = ClientKey.generate(ClientKey.EDDSA);
        Map<String, Object> jwk = new LinkedHashMap<>(key.publicJwk());
        jwk.put("x", "AAAA");
        assertThatThrownBy(() -> service.validateAndBind(TokenSigner.jws(key, claims("gina")), browser(), jwk))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("owner_key.x");
        assertThatThrownBy(() ->
                        service.validateAndBind(TokenSigner.jws(key, claims("gina")), browser(), key.privateJwk()))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("owner_key.d");
    }

    @Test
    void tooManyFailuresAreRateLimitedPerUser() {
        ClientKey key = bound("henry", ClientKey.EDDSA);
        String expired = TokenSigner.jws(key, claims("henry").withTimes(T0 - 700, T0 - 100));
        for (int i = 0; i < 30; i++) {
            assertThat(denial(expired, browser()).code()).isEqualTo(ErrorCode.TOKEN_EXPIRED);
        }
        assertDenied(TokenSigner.jws(key, claims("henry")), browser(), ErrorCode.RATE_LIMITED, "too_many_failures");
        // another user is not affected; the window ends after a minute
        assertThat(service.validate(TokenSigner.jws(bound("ivy", ClientKey.EDDSA), claims("ivy")), browser()))
                .isNotNull();
        clock.advance(60);
        assertThat(service.validate(
                        TokenSigner.jws(key, claims("henry").withTimes(clock.seconds(), clock.seconds() + 60)),
                        browser()))
                .isNotNull();
    }

    @Test
    void revocationsSurviveARestart() {
        var ds = TestDb.migrated();
        ConsentService a = new ConsentService(new AuthStore(ds), AuthSettings.defaults(), clock, noHooks());
        a.revokeSession("hive_x", "stop");
        ConsentService b = new ConsentService(new AuthStore(ds), AuthSettings.defaults(), clock, noHooks());
        assertThat(b.isSessionRevoked("hive_x")).isTrue();
        assertThat(b.isSessionRevoked("hive_y")).isFalse();
    }

    static ConsentService.Hooks noHooks() {
        return new ConsentService.Hooks() {
            @Override
            public void denied(ConsentDenied denial, ParsedToken token, ConsentRequest request) {}

            @Override
            public void revoked(Revocation revocation, boolean local) {}

            @Override
            public void keyChanged(String kid) {}
        };
    }

    static ConsentDenied catchDenied(Runnable r) {
        try {
            r.run();
        } catch (ConsentDenied d) {
            return d;
        }
        throw new AssertionError("accepted");
    }

    /** A JWS with extra claims. */
    static String jwsWith(ClientKey key, Claims c, Map<String, Object> extra) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sessionId", c.sessionId());
        claims.put("sub", c.sub());
        claims.put("scopes", c.scopes());
        claims.put("iat", c.iat());
        claims.put("exp", c.exp());
        claims.put("origin", c.origin());
        claims.putAll(extra);
        String header = b64(Json.writeBytes(Map.of("alg", key.alg(), "kid", key.kid())));
        String input = header + "." + b64(Json.writeBytes(claims));
        return input + "." + b64(key.sign(input.getBytes(StandardCharsets.US_ASCII)));
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] unsigned32(byte[] raw) {
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }
}
