package org.aiverse.recorder.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where the recorder keeps media: encrypted blobs addressed by a {@code content_ref} (seed 3.5, 3.6). The
 * platform ships an AES-GCM store on the file system; other stores (object stores) implement this.
 */
@ConsumerType
public interface MediaStore {

    /**
     * Encrypts and stores bytes.
     *
     * @param sessionId the session they belong to
     * @param mediaId an id unique within the session
     * @param plaintext the raw bytes
     * @return the blob's {@code content_ref}, e.g. {@code enc:file://sessions/sess_001/media/m_01}
     */
    String put(String sessionId, String mediaId, byte[] plaintext);

    /** Decrypts and returns the bytes of a blob; throws {@link java.util.NoSuchElementException} when absent. */
    byte[] get(String contentRef);

    /** Returns the stored (encrypted) bytes of a blob, as exports carry them. */
    byte[] encrypted(String contentRef);

    /** Deletes every blob of a session; returns how many. */
    int deleteSession(String sessionId);
}
