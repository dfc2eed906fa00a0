package org.aiverse.snapshot.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Seals and opens memory content at rest with the platform's memory key (AES-256-GCM, seed 7.1, DESIGN §7), so that
 * every bundle that keeps memories (snapshots, the Memory Gradient Engine) uses one key store and one cipher. The
 * associated data binds a sealed value to its row: a value copied elsewhere does not open.
 *
 * @since 1.2
 */
@ProviderType
public interface MemorySeal {

    /**
     * Seals plaintext.
     *
     * @param associated the row's identity (e.g. {@code snapshot|memory}), authenticated but not encrypted
     * @param plaintext the content
     * @return {@code base64(nonce || ciphertext+tag)}
     */
    String seal(String associated, byte[] plaintext);

    /**
     * Opens a sealed value.
     *
     * @param associated the same associated data given to {@link #seal}
     * @param sealed the sealed value
     * @return the plaintext
     * @throws IllegalStateException when the value does not open (wrong key, other row, tampered)
     */
    byte[] open(String associated, String sealed);
}
