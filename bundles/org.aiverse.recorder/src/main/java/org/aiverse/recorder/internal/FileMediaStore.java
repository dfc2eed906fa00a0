package org.aiverse.recorder.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.aiverse.contracts.ValidationException;
import org.aiverse.recorder.api.MediaStore;

/**
 * The default media store: AES-256-GCM blobs on the file system (seed 3.6 "encrypted object store"). A blob is
 * {@code IV (12 bytes) || ciphertext || tag}, authenticated with its {@code content_ref} as associated data, so a
 * blob moved under another reference does not decrypt. The key lives beside the blobs' root, owner-only.
 */
final class FileMediaStore implements MediaStore {

    static final String PREFIX = "enc:file://sessions/";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;
    private final SecretKeySpec key;

    FileMediaStore(Path root, byte[] key) {
        this.root = root;
        this.key = new SecretKeySpec(key, "AES");
    }

    /** Opens the store under a directory, creating its key on first use. */
    static FileMediaStore open(Path directory) {
        try {
            Files.createDirectories(directory);
            Path keyFile = directory.resolve("media.key");
            if (!Files.exists(keyFile)) {
                byte[] k = new byte[32];
                RANDOM.nextBytes(k);
                Path tmp = directory.resolve("media.key.tmp");
                Files.deleteIfExists(tmp);
                try {
                    Files.createFile(
                            tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(tmp);
                }
                Files.write(tmp, k);
                Files.move(tmp, keyFile, StandardCopyOption.ATOMIC_MOVE);
            }
            return new FileMediaStore(directory.resolve("blobs"), Files.readAllBytes(keyFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the media store in " + directory, e);
        }
    }

    @Override
    public String put(String sessionId, String mediaId, byte[] plaintext) {
        if (mediaId == null || !ID.matcher(mediaId).matches()) {
            throw new ValidationException("media_id", "must be 1 to 100 of A-Z a-z 0-9 _ . : -");
        }
        String ref = PREFIX + urlSafe(sessionId) + "/media/" + mediaId;
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            c.updateAAD(ref.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plaintext);
            byte[] blob = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, blob, 0, iv.length);
            System.arraycopy(sealed, 0, blob, iv.length, sealed.length);
            Path file = file(ref);
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, blob);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return ref;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store media " + ref, e);
        }
    }

    @Override
    public byte[] get(String contentRef) {
        byte[] blob = encrypted(contentRef);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, blob, 0, 12));
            c.updateAAD(contentRef.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(blob, 12, blob.length - 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("media " + contentRef + " does not decrypt (tampered or wrong key)", e);
        }
    }

    @Override
    public byte[] encrypted(String contentRef) {
        try {
            return Files.readAllBytes(file(contentRef));
        } catch (NoSuchFileException e) {
            throw new NoSuchElementException("no media " + contentRef);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read media " + contentRef, e);
        }
    }

    @Override
    public int deleteSession(String sessionId) {
        Path dir = root.resolve(urlSafe(sessionId));
        if (!Files.exists(dir)) {
            return 0;
        }
        int[] count = {0};
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    if (Files.isRegularFile(p)) {
                        count[0]++;
                    }
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete media of " + sessionId, e);
        }
        return count[0];
    }

    private Path file(String contentRef) {
        if (contentRef == null || !contentRef.startsWith(PREFIX)) {
            throw new NoSuchElementException("not a reference of this store: " + contentRef);
        }
        String rest = contentRef.substring(PREFIX.length());
        int slash = rest.indexOf("/media/");
        if (slash <= 0) {
            throw new NoSuchElementException("not a reference of this store: " + contentRef);
        }
        String session = rest.substring(0, slash);
        String id = rest.substring(slash + "/media/".length());
        if (!ID.matcher(id).matches() || !session.matches("[A-Za-z0-9_-]+")) {
            throw new NoSuchElementException("not a reference of this store: " + contentRef);
        }
        return root.resolve(session).resolve(id + ".blob");
    }

    /** base64url of the session id: any id becomes one safe path segment. */
    static String urlSafe(String sessionId) {
        return java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(sessionId.getBytes(StandardCharsets.UTF_8));
    }
}
