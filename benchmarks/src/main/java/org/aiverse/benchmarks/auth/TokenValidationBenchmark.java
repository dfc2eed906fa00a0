package org.aiverse.benchmarks.auth;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.aiverse.auth.api.Consent;
import org.aiverse.auth.api.ConsentRequest;
import org.aiverse.auth.api.TokenValidator;
import org.aiverse.auth.internal.StandaloneValidator;
import org.aiverse.token.ClientKey;
import org.aiverse.token.TokenSigner;
import org.aiverse.token.TokenSigner.Claims;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.flywaydb.core.Flyway;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Consent token validation per second per thread with the key cached (seed 5.6 steps: parse, key lookup, signature,
 * times, origin, scopes, revocation), Ed25519 and ES256, in both encodings; target at least 20,000/s for Ed25519.
 * {@code validate*} present the same session token again, as a client does on every request (its verified
 * signature is remembered); {@code validate*Uncached} verify the signature every time (a token seen once).
 * Peers in the same run: the signature check alone with Bouncy Castle as the validator makes it (what validation
 * adds to it) and with the JDK 17 providers (why the platform does not use them). The validator is the auth bundle's
 * own, built outside OSGi by {@link StandaloneValidator}. {@link TokenValidationCpu} runs the same methods and
 * divides by the CPU time they used: validations per second per core even on a busy machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenValidationBenchmark {

    private static final String ORIGIN = "https://world.example";

    private TokenValidator service;
    private TokenValidator uncached;
    private ConsentRequest request;
    private String ed25519Jws;
    private String es256Jws;
    private String es256Hive;
    private Ed25519.PublicPoint edKey;
    private ECPublicKeyParameters esKey;
    private ClientKey ed;
    private ClientKey es;
    private byte[] edInput;
    private byte[] edSignature;
    private byte[] esInput;
    private byte[] esSignature;

    @Setup
    public void setUp() {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:bench" + UUID.randomUUID().toString().replace("-", ""));
        ds.setCreateDatabase("create");
        Flyway.configure(TokenValidationBenchmark.class.getClassLoader())
                .dataSource(ds)
                .locations("classpath:db/migration/auth")
                .table("auth_schema_history")
                .load()
                .migrate();
        service = StandaloneValidator.create(ds, 50_000);
        uncached = StandaloneValidator.create(ds, 0);
        request = new ConsentRequest(ORIGIN, Set.of("persona.use"), null, "127.0.0.1");
        ed = ClientKey.generate(ClientKey.EDDSA);
        es = ClientKey.generate(ClientKey.ES256);
        Claims edClaims = Claims.now("bench_ed", "hive_bench", List.of("persona.use"), ORIGIN, 1800);
        Claims esClaims = Claims.now("bench_es", "hive_bench", List.of("persona.use"), ORIGIN, 1800);
        service.validateAndBind(TokenSigner.jws(ed, edClaims), request, ed.publicJwk());
        service.validateAndBind(TokenSigner.jws(es, esClaims), request, es.publicJwk());
        ed25519Jws = TokenSigner.jws(ed, edClaims);
        es256Jws = TokenSigner.jws(es, esClaims);
        es256Hive = TokenSigner.hive(es, esClaims);
        Map<String, Object> edJwk = ed.publicJwk();
        edKey = Ed25519.validatePublicKeyFullExport(B64.decode((String) edJwk.get("x")), 0);
        Map<String, Object> esJwk = es.publicJwk();
        esKey = new ECPublicKeyParameters(
                P256.getCurve()
                        .validatePoint(
                                new BigInteger(1, B64.decode((String) esJwk.get("x"))),
                                new BigInteger(1, B64.decode((String) esJwk.get("y")))),
                new ECDomainParameters(P256));
        edInput = signingInput(ed25519Jws);
        edSignature = signature(ed25519Jws);
        esInput = signingInput(es256Jws);
        esSignature = signature(es256Jws);
        validateEd25519Jws();
        validateEs256Jws();
        validateEs256Hive();
        if (!verifyOnlyEd25519BouncyCastle() || !verifyOnlyEs256BouncyCastle()) {
            throw new IllegalStateException("the peers do not verify");
        }
    }

    private static final X9ECParameters P256 = CustomNamedCurves.getByName("P-256");
    private static final Base64.Decoder B64 = Base64.getUrlDecoder();

    private static byte[] signingInput(String jws) {
        return jws.substring(0, jws.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] signature(String jws) {
        return B64.decode(jws.substring(jws.lastIndexOf('.') + 1));
    }

    @Benchmark
    public Consent validateEd25519Jws() {
        return service.validate(ed25519Jws, request);
    }

    @Benchmark
    public Consent validateEs256Jws() {
        return service.validate(es256Jws, request);
    }

    @Benchmark
    public Consent validateEs256Hive() {
        return service.validate(es256Hive, request);
    }

    @Benchmark
    public Consent validateEd25519JwsUncached() {
        return uncached.validate(ed25519Jws, request);
    }

    @Benchmark
    public Consent validateEs256JwsUncached() {
        return uncached.validate(es256Jws, request);
    }

    /** Peer: the Ed25519 check alone, as the validator makes it (Bouncy Castle, public point decoded once). */
    @Benchmark
    public boolean verifyOnlyEd25519BouncyCastle() {
        return Ed25519.verify(edSignature, 0, edKey, edInput, 0, edInput.length);
    }

    /** Peer: the ES256 check alone, as the validator makes it (Bouncy Castle's P-256, SHA-256, raw r||s). */
    @Benchmark
    public boolean verifyOnlyEs256BouncyCastle() {
        SHA256Digest digest = new SHA256Digest();
        digest.update(esInput, 0, esInput.length);
        byte[] hash = new byte[32];
        digest.doFinal(hash, 0);
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, esKey);
        return signer.verifySignature(
                hash,
                new BigInteger(1, Arrays.copyOfRange(esSignature, 0, 32)),
                new BigInteger(1, Arrays.copyOfRange(esSignature, 32, 64)));
    }

    @Benchmark
    public boolean verifyOnlyEd25519Jdk() throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(ed.publicKey());
        s.update(edInput);
        return s.verify(edSignature);
    }

    @Benchmark
    public boolean verifyOnlyEs256Jdk() throws GeneralSecurityException {
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initVerify(es.publicKey());
        s.update(esInput);
        return s.verify(esSignature);
    }
}
