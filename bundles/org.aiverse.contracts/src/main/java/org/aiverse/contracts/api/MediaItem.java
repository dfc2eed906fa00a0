package org.aiverse.contracts.api;

import org.aiverse.contracts.Checks;

/**
 * A media artifact of a recording: referenced, never hashed raw (seed 5.5 {@code media}, seed 3.5).
 *
 * @param id media id, required
 * @param contentRef encrypted blob reference ({@code content_ref}), required
 * @param contentHash {@code sha256:<hex>} of the bytes ({@code content_hash}), required
 * @param ts Unix seconds, required
 */
public record MediaItem(String id, String contentRef, String contentHash, long ts) {

    /** Validates. */
    public MediaItem {
        Checks.requireNonBlank(id, "id");
        Checks.requireNonBlank(contentRef, "content_ref");
        Checks.requireNonBlank(contentHash, "content_hash");
        Checks.requireNonNegative(ts, "ts");
    }
}
