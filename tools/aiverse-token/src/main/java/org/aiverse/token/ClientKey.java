package org.aiverse.token;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A client's signing key pair, as the Hive Container keeps it on the user's device: EC P-256 ({@code ES256}) or
 * Ed25519 ({@code EdDSA}), exported and imported as a JWK (RFC 7517/8037) whose {@code kid} is its RFC 7638
 * thumbprint. Uses the JDK's providers only: signing speed does not matter on a client.
 */
public final class ClientKey {

    /** {@code ES256}: ECDSA P-256 with SHA-256, raw r||s signatures (as WebCrypto makes them). */
    public static final String ES256 = "ES256";
    /** {@code EdDSA}: Ed25519. */
    public static final String EDDSA = "EdDSA";

    private final String alg;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String kid;

    private ClientKey(String alg, PrivateKey privateKey, PublicKey publicKey) {
        this.alg = alg;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.kid = thumbprint(publicJwkWithoutKid());
    }

    /** Makes a new key pair for {@code ES256} or {@code EdDSA}. */
    public static ClientKey generate(String alg) {
        try {
            KeyPair pair;
            if (ES256.equals(alg)) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                pair = g.generateKeyPair();
            } else if (EDDSA.equals(alg)) {
                pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            } else {
                throw new IllegalArgumentException("alg must be ES256 or EdDSA: " + alg);
            }
            return new ClientKey(alg, pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a key pair", e);
        }
    }

    /** Reads a private JWK written by {@link #privateJwk()}. */
    public static ClientKey fromPrivateJwk(Map<String, Object> jwk) {
        try {
            String kty = String.valueOf(jwk.get("kty"));
            if ("EC".equals(kty)) {
                ECParameterSpec p256 = p256();
                BigInteger x = new BigInteger(1, b64(jwk, "x"));
                BigInteger y = new BigInteger(1, b64(jwk, "y"));
                BigInteger d = new BigInteger(1, b64(jwk, "d"));
                KeyFactory f = KeyFactory.getInstance("EC");
                return new ClientKey(
                        ES256,
                        f.generatePrivate(new ECPrivateKeySpec(d, p256)),
                        f.generatePublic(new ECPublicKeySpec(new ECPoint(x, y), p256)));
            }
            if ("OKP".equals(kty) && "Ed25519".equals(jwk.get("crv"))) {
                KeyFactory f = KeyFactory.getInstance("Ed25519");
                byte[] raw = b64(jwk, "x");
                return new ClientKey(
                        EDDSA,
                        f.generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, b64(jwk, "d"))),
                        f.generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, edPoint(raw))));
            }
            throw new IllegalArgumentException("kty must be EC (P-256) or OKP (Ed25519)");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a usable private JWK: " + e.getMessage(), e);
        }
    }

    /** The algorithm, {@code ES256} or {@code EdDSA}. */
    public String alg() {
        return alg;
    }

    /** The key id: the RFC 7638 thumbprint of the public JWK. */
    public String kid() {
        return kid;
    }

    /** The public JWK with its {@code kid}: what {@code POST /api/v1/snapshots} takes as {@code owner_key}. */
    public Map<String, Object> publicJwk() {
        Map<String, Object> jwk = publicJwkWithoutKid();
        jwk.put("kid", kid);
        jwk.put("alg", alg);
        return jwk;
    }

    /** The private JWK (keep it secret, on the user's device). */
    public Map<String, Object> privateJwk() {
        Map<String, Object> jwk = publicJwk();
        if (privateKey instanceof ECPrivateKey ec) {
            jwk.put("d", b64(fixed(ec.getS(), 32)));
        } else {
            jwk.put(
                    "d",
                    b64(((EdECPrivateKey) privateKey)
                            .getBytes()
                            .orElseThrow(() -> new IllegalStateException("Ed25519 key without bytes"))));
        }
        return jwk;
    }

    /** The JDK public key. */
    public PublicKey publicKey() {
        return publicKey;
    }

    /**
     * Signs bytes: ES256 as raw r||s (64 bytes, JWS and WebCrypto format), EdDSA as the 64-byte Ed25519 signature.
     */
    public byte[] sign(byte[] data) {
        try {
            Signature s = Signature.getInstance(ES256.equals(alg) ? "SHA256withECDSAinP1363Format" : "Ed25519");
            s.initSign(privateKey);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign", e);
        }
    }

    private Map<String, Object> publicJwkWithoutKid() {
        Map<String, Object> jwk = new LinkedHashMap<>();
        if (publicKey instanceof ECPublicKey ec) {
            jwk.put("kty", "EC");
            jwk.put("crv", "P-256");
            jwk.put("x", b64(fixed(ec.getW().getAffineX(), 32)));
            jwk.put("y", b64(fixed(ec.getW().getAffineY(), 32)));
        } else {
            EdECPoint p = ((EdECPublicKey) publicKey).getPoint();
            byte[] le = new byte[32];
            byte[] be = fixed(p.getY(), 32);
            for (int i = 0; i < 32; i++) {
                le[i] = be[31 - i];
            }
            if (p.isXOdd()) {
                le[31] |= (byte) 0x80;
            }
            jwk.put("kty", "OKP");
            jwk.put("crv", "Ed25519");
            jwk.put("x", b64(le));
        }
        return jwk;
    }

    /** RFC 7638: SHA-256 over the required members in lexicographic order, base64url. */
    static String thumbprint(Map<String, Object> jwk) {
        String canonical = "EC".equals(jwk.get("kty"))
                ? "{\"crv\":\"" + jwk.get("crv") + "\",\"kty\":\"EC\",\"x\":\"" + jwk.get("x") + "\",\"y\":\""
                        + jwk.get("y") + "\"}"
                : "{\"crv\":\"" + jwk.get("crv") + "\",\"kty\":\"OKP\",\"x\":\"" + jwk.get("x") + "\"}";
        try {
            return b64(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static EdECPoint edPoint(byte[] le) {
        if (le.length != 32) {
            throw new IllegalArgumentException("Ed25519 x must be 32 bytes");
        }
        boolean xOdd = (le[31] & 0x80) != 0;
        byte[] be = new byte[32];
        for (int i = 0; i < 32; i++) {
            be[i] = le[31 - i];
        }
        be[0] &= 0x7f;
        return new EdECPoint(xOdd, new BigInteger(1, be));
    }

    private static ECParameterSpec p256() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return ((ECPublicKey) g.generateKeyPair().getPublic()).getParams();
    }

    private static byte[] fixed(BigInteger v, int len) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[len];
        int copy = Math.min(raw.length, len);
        System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
        return out;
    }

    private static byte[] b64(Map<String, Object> jwk, String member) {
        Object v = jwk.get(member);
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("JWK member " + member + " is missing");
        }
        return Base64.getUrlDecoder().decode(s);
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
