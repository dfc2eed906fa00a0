package org.aiverse.auth.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aiverse.contracts.ValidationException;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A client's public key as a JWK (RFC 7517; EC P-256 or OKP Ed25519, RFC 8037), with its {@code kid} (the RFC 7638
 * thumbprint unless the JWK names one) and a cached {@link Verifier}.
 *
 * <p>Why Bouncy Castle's lightweight API and not the JDK providers or a JOSE library: measured on this project's
 * 2-core machine, the JDK 17 {@code Ed25519} provider verifies about 1,300 signatures per second and
 * {@code SHA256withECDSA} about 800, far below the 20,000/s target; Bouncy Castle's RFC 8032 code with a
 * pre-decoded public point is roughly ten times faster for Ed25519, and its custom P-256 curve about twice for
 * ES256. nimbus-jose-jwt would add a JSON and JOSE layer we do not need (the token formats are fixed by DESIGN §3,
 * one of them is not JOSE at all) and its Ed25519 verifier depends on Google Tink. bcprov is an OSGi bundle.
 */
final class PublicJwk {

    static final String ES256 = "ES256";
    static final String EDDSA = "EdDSA";

    private static final X9ECParameters P256 = CustomNamedCurves.getByName("P-256");
    private static final ECDomainParameters P256_DOMAIN = new ECDomainParameters(P256);
    private static final BigInteger P256_N = P256.getN();

    private final String kid;
    private final String alg;
    private final Map<String, Object> jwk;
    private final Verifier verifier;

    private PublicJwk(String kid, String alg, Map<String, Object> jwk, Verifier verifier) {
        this.kid = kid;
        this.alg = alg;
        this.jwk = jwk;
        this.verifier = verifier;
    }

    /**
     * Reads a public JWK.
     *
     * @param jwk the JWK's members
     * @param field the JSON path of the JWK, for errors ({@code owner_key})
     * @throws ValidationException naming the member that is wrong
     */
    static PublicJwk parse(Map<String, Object> jwk, String field) {
        if (jwk == null) {
            throw new ValidationException(field, "is required");
        }
        String kty = string(jwk, "kty", field, true);
        Map<String, Object> canonical = new LinkedHashMap<>();
        String alg;
        Verifier verifier;
        if ("EC".equals(kty)) {
            String crv = string(jwk, "crv", field, true);
            if (!"P-256".equals(crv)) {
                throw new ValidationException(field + ".crv", "must be P-256");
            }
            byte[] x = coordinate(jwk, "x", field);
            byte[] y = coordinate(jwk, "y", field);
            ECPoint q;
            try {
                q = P256.getCurve().validatePoint(new BigInteger(1, x), new BigInteger(1, y));
            } catch (IllegalArgumentException e) {
                throw new ValidationException(field, "x and y are not a point of P-256");
            }
            canonical.put("crv", crv);
            canonical.put("kty", kty);
            canonical.put("x", jwk.get("x"));
            canonical.put("y", jwk.get("y"));
            alg = ES256;
            verifier = es256(new ECPublicKeyParameters(q, P256_DOMAIN));
        } else if ("OKP".equals(kty)) {
            String crv = string(jwk, "crv", field, true);
            if (!"Ed25519".equals(crv)) {
                throw new ValidationException(field + ".crv", "must be Ed25519");
            }
            byte[] x = coordinate(jwk, "x", field);
            Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(x, 0);
            if (point == null) {
                throw new ValidationException(field + ".x", "is not an Ed25519 public key");
            }
            canonical.put("crv", crv);
            canonical.put("kty", kty);
            canonical.put("x", jwk.get("x"));
            alg = EDDSA;
            verifier = (data, sig) ->
                    sig.length == Ed25519.SIGNATURE_SIZE && Ed25519.verify(sig, 0, point, data, 0, data.length);
        } else {
            throw new ValidationException(field + ".kty", "must be EC (P-256) or OKP (Ed25519)");
        }
        if (jwk.containsKey("d")) {
            throw new ValidationException(field + ".d", "a private key must never leave the client");
        }
        String declaredAlg = string(jwk, "alg", field, false);
        if (declaredAlg != null && !declaredAlg.equals(alg)) {
            throw new ValidationException(field + ".alg", "must be " + alg + " for this key type");
        }
        String thumbprint = thumbprint(canonical);
        String kid = string(jwk, "kid", field, false);
        if (kid == null) {
            kid = thumbprint;
        } else if (kid.length() > 128 || !kid.matches("[A-Za-z0-9._:\\-]+")) {
            throw new ValidationException(field + ".kid", "must be 1 to 128 characters of A-Z a-z 0-9 . _ : -");
        }
        canonical.put("kid", kid);
        canonical.put("alg", alg);
        return new PublicJwk(kid, alg, Map.copyOf(canonical), verifier);
    }

    private static Verifier es256(ECPublicKeyParameters key) {
        return (data, sig) -> {
            if (sig.length != 64) {
                return false;
            }
            byte[] half = new byte[32];
            System.arraycopy(sig, 0, half, 0, 32);
            BigInteger r = new BigInteger(1, half);
            System.arraycopy(sig, 32, half, 0, 32);
            BigInteger s = new BigInteger(1, half);
            if (r.signum() == 0 || s.signum() == 0 || r.compareTo(P256_N) >= 0 || s.compareTo(P256_N) >= 0) {
                return false;
            }
            SHA256Digest digest = new SHA256Digest();
            digest.update(data, 0, data.length);
            byte[] hash = new byte[32];
            digest.doFinal(hash, 0);
            ECDSASigner signer = new ECDSASigner();
            signer.init(false, key);
            return signer.verifySignature(hash, r, s);
        };
    }

    /** RFC 7638 thumbprint of the required members, already in lexicographic order. */
    static String thumbprint(Map<String, Object> required) {
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, Object> e : required.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"')
                    .append(e.getKey())
                    .append("\":\"")
                    .append(e.getValue())
                    .append('"');
        }
        json.append('}');
        try {
            byte[] hash =
                    MessageDigest.getInstance("SHA-256").digest(json.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] coordinate(Map<String, Object> jwk, String member, String field) {
        String v = string(jwk, member, field, true);
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(field + "." + member, "must be base64url");
        }
        if (bytes.length != 32) {
            throw new ValidationException(field + "." + member, "must be 32 bytes");
        }
        return bytes;
    }

    private static String string(Map<String, Object> jwk, String member, String field, boolean required) {
        Object v = jwk.get(member);
        if (v == null) {
            if (required) {
                throw new ValidationException(field + "." + member, "is required");
            }
            return null;
        }
        if (!(v instanceof String s) || s.isBlank()) {
            throw new ValidationException(field + "." + member, "must be a non-blank string");
        }
        return s;
    }

    String kid() {
        return kid;
    }

    String alg() {
        return alg;
    }

    /** The public JWK as stored: its required members plus {@code kid} and {@code alg}. */
    Map<String, Object> jwk() {
        return jwk;
    }

    Verifier verifier() {
        return verifier;
    }
}
