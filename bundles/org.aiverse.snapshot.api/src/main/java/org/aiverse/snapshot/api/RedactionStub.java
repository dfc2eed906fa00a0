package org.aiverse.snapshot.api;

/**
 * What remains of a redacted memory (seed 7.4): its id, when it was redacted and the checksum of what was removed.
 *
 * @param id the memory id
 * @param ts when it was redacted, Unix seconds
 * @param checksum {@code sha256:<hex>} of the removed text
 * @since 1.1
 */
public record RedactionStub(String id, long ts, String checksum) {}
