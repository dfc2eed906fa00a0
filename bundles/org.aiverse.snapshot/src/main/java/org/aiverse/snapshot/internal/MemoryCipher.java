package org.aiverse.snapshot.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals memories at rest with AES-256-GCM (seed 7.1, DESIGN §7). The key lives in a PKCS12 key store, created with
 * a fresh random key on first start; the key and the plaintext are never logged. Each sealed value is
 * {@code base64(nonce(12) || ciphertext+tag)}, bound to its snapshot, version and memory id as associated data, so a
 * sealed value copied to another row does not open.
 */
final class MemoryCipher {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryCipher.class);

    static final String ALIAS = "aiverse-memories";
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    MemoryCipher(SecretKey key) {
        this.key = key;
    }

    /**
     * Opens the configured key store: {@code path} or {@code ${karaf.etc}/aiverse-memories.p12}; {@code password}
     * or, when blank, one generated on first start and kept beside the key store ({@code <path>.password},
     * owner-only).
     */
    static MemoryCipher configured(String path, String password) {
        Path keystore = path == null || path.isBlank()
                ? Path.of(System.getProperty("karaf.etc", "etc"), "aiverse-memories.p12")
                : Path.of(path);
        if (password != null && !password.isBlank()) {
            return fromKeyStore(keystore, password.toCharArray());
        }
        Path file = Path.of(keystore + ".password");
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[24];
                new SecureRandom().nextBytes(random);
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
                ownerOnly(file);
                LOG.warn(
                        "No keystorePassword configured for org.aiverse.snapshot: generated one in {};"
                                + " configure your own in production",
                        file);
            }
            return fromKeyStore(
                    keystore,
                    Files.readString(file, StandardCharsets.UTF_8).strip().toCharArray());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create " + file, e);
        }
    }

    /** Opens the key store at {@code path}, creating it (and its key) when it does not exist. */
    static MemoryCipher fromKeyStore(Path path, char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            if (Files.exists(path)) {
                try (InputStream in = Files.newInputStream(path)) {
                    ks.load(in, password);
                }
            } else {
                ks.load(null, password);
            }
            KeyStore.ProtectionParameter protection = new KeyStore.PasswordProtection(password);
            if (!ks.containsAlias(ALIAS)) {
                KeyGenerator g = KeyGenerator.getInstance("AES");
                g.init(256);
                ks.setEntry(ALIAS, new KeyStore.SecretKeyEntry(g.generateKey()), protection);
                Path parent = path.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try (OutputStream out =
                        Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ks.store(out, password);
                }
                ownerOnly(path);
            }
            KeyStore.SecretKeyEntry entry = (KeyStore.SecretKeyEntry) ks.getEntry(ALIAS, protection);
            return new MemoryCipher(entry.getSecretKey());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot open the memory key store " + path + ": " + e.getMessage(), e);
        }
    }

    static void ownerOnly(Path path) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system: the operator protects the file
        }
    }

    String seal(String associated, byte[] plaintext) {
        try {
            byte[] nonce = new byte[NONCE];
            random.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plaintext);
            byte[] out = new byte[NONCE + ct.length];
            System.arraycopy(nonce, 0, out, 0, NONCE);
            System.arraycopy(ct, 0, out, NONCE, ct.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a memory", e);
        }
    }

    byte[] open(String associated, String sealed) {
        try {
            byte[] in = Base64.getDecoder().decode(sealed);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE));
            c.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(in, NONCE, in.length - NONCE);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a sealed memory does not open (wrong key or tampered row)", e);
        }
    }
}
