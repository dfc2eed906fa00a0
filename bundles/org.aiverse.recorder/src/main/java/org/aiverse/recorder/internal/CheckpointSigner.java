package org.aiverse.recorder.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The node's Ed25519 key that signs checkpoints (DESIGN §5). Kept under the recorder's data directory
 * ({@code checkpoint-signing.key}, PKCS#8, owner-only), created on first start. Signatures are over the RFC 8785
 * form of {@code {checkpoint, from_seq, kid, session_id, to_seq}}.
 *
 * <p>The key is stored in the JDK's encodings; signing and verifying use Bouncy Castle's RFC 8032 code with the key
 * decoded once (the JDK 17 {@code Ed25519} provider is more than ten times slower, and a checkpoint is signed on the
 * append path and verified for every window of every verification). RFC 8032 signatures are deterministic: both
 * produce the same bytes.
 */
final class CheckpointSigner {

    /** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows. */
    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private final byte[] seed;
    private final byte[] rawPublicKey;
    private final String kid;

    private CheckpointSigner(KeyPair pair) {
        this.seed = seed(pair.getPrivate());
        this.rawPublicKey = rawPublicKey(pair.getPublic());
        this.kid = kidOf(rawPublicKey);
        byte[] derived = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(seed, 0, derived, 0);
        if (!Arrays.equals(derived, rawPublicKey)) {
            throw new IllegalStateException("the checkpoint signing key pair does not match");
        }
    }

    /** The 32-byte private seed: the last bytes of the key's PKCS#8 encoding (RFC 8410). */
    private static byte[] seed(PrivateKey key) {
        byte[] der = key.getEncoded();
        return Arrays.copyOfRange(der, der.length - Ed25519.SECRET_KEY_SIZE, der.length);
    }

    /** Loads the key from the directory, or creates and stores one. */
    static CheckpointSigner loadOrCreate(Path directory) {
        Path file = directory.resolve("checkpoint-signing.key");
        try {
            Files.createDirectories(directory);
            KeyFactory kf = KeyFactory.getInstance("Ed25519");
            if (Files.exists(file)) {
                byte[] pkcs8 = Base64.getMimeDecoder().decode(pem(Files.readString(file)));
                PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
                byte[] pub = Base64.getMimeDecoder()
                        .decode(pem(Files.readString(directory.resolve("checkpoint-signing.pub"))));
                return new CheckpointSigner(new KeyPair(kf.generatePublic(new X509EncodedKeySpec(pub)), priv));
            }
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Path tmp = directory.resolve("checkpoint-signing.key.tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(
                        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.writeString(
                    tmp, toPem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardOpenOption.TRUNCATE_EXISTING);
            Files.writeString(directory.resolve("checkpoint-signing.pub"), publicPem(rawPublicKey(pair.getPublic())));
            Files.move(tmp, file);
            return new CheckpointSigner(pair);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the checkpoint signing key in " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available", e);
        }
    }

    /** A fresh in-memory key (tests, benchmarks). */
    static CheckpointSigner ephemeral() {
        try {
            return new CheckpointSigner(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available", e);
        }
    }

    String kid() {
        return kid;
    }

    /** base64url (no padding) of the raw 32-byte public key: the JWK {@code x}. */
    String publicKeyX() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(rawPublicKey);
    }

    /** The message a checkpoint signature covers. */
    static byte[] message(String sessionId, long fromSeq, long toSeq, String checkpoint, String kid) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("checkpoint", checkpoint);
        m.put("from_seq", fromSeq);
        m.put("kid", kid);
        m.put("session_id", sessionId);
        m.put("to_seq", toSeq);
        return Jcs.write(m).getBytes(StandardCharsets.UTF_8);
    }

    /** Signs a checkpoint; returns the base64url signature. */
    String sign(String sessionId, long fromSeq, long toSeq, String checkpoint) {
        return sign(message(sessionId, fromSeq, toSeq, checkpoint, kid));
    }

    /** Signs bytes; returns the base64url signature. */
    String sign(byte[] message) {
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(seed, 0, rawPublicKey, 0, message, 0, message.length, signature, 0);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    /** A JWK {@code x} decoded for verification; {@code null} when it is not an Ed25519 public key. */
    static Ed25519.PublicPoint publicPoint(String x) {
        try {
            byte[] raw = Base64.getUrlDecoder().decode(x);
            return raw.length == Ed25519.PUBLIC_KEY_SIZE ? Ed25519.validatePublicKeyFullExport(raw, 0) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Verifies a base64url signature with a decoded public key. */
    static boolean verify(Ed25519.PublicPoint key, byte[] message, String signature) {
        if (key == null) {
            return false;
        }
        try {
            byte[] sig = Base64.getUrlDecoder().decode(signature);
            return sig.length == Ed25519.SIGNATURE_SIZE && Ed25519.verify(sig, 0, key, message, 0, message.length);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Verifies a base64url signature with a JWK {@code x}. */
    static boolean verify(String x, byte[] message, String signature) {
        return verify(publicPoint(x), message, signature);
    }

    static String kidOf(byte[] rawPublicKey) {
        byte[] digest = EventHashing.newDigest().digest(rawPublicKey);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 12));
    }

    /** PEM SubjectPublicKeyInfo of a raw Ed25519 key, as {@code openssl} reads it. */
    static String publicPem(byte[] raw) {
        return toPem("PUBLIC KEY", spki(raw));
    }

    static byte[] spki(byte[] raw) {
        byte[] der = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + raw.length);
        System.arraycopy(raw, 0, der, SPKI_PREFIX.length, raw.length);
        return der;
    }

    private static byte[] rawPublicKey(PublicKey key) {
        byte[] der = key.getEncoded();
        return Arrays.copyOfRange(der, der.length - 32, der.length);
    }

    private static String toPem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String pem(String text) {
        return text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }
}
