package org.aiverse.contracts.memory;

import java.util.List;
import org.aiverse.contracts.Checks;

/**
 * A memory of the Core index (seed 4.8; the {@code memory} of a query hit, seed 5.2, carries a subset of the
 * fields, so everything but {@code id}, {@code ts} and {@code salience} is optional).
 *
 * @param id memory id, required
 * @param ts Unix seconds, required
 * @param text the memory's text; absent when redacted or withheld
 * @param source where it came from; optional
 * @param salience salience in [0,1], required
 * @param emotion emotional tagging; optional
 * @param embeddingRef encrypted embedding reference ({@code embedding_ref}); optional
 * @param tags tags; empty when absent
 * @param privacy privacy flags; absent means {@link Privacy#DEFAULT} (not exportable)
 * @param retention retention settings; absent means not pinned, no explicit expiry
 * @param links links to other memories; empty when absent
 * @param checksum checksum of the content, e.g. {@code sha256:<hex>}; optional
 * @param redacted whether the content was irreversibly redacted; {@code false} when absent
 */
public record MemoryItem(
        String id,
        long ts,
        String text,
        MemorySource source,
        double salience,
        Emotion emotion,
        String embeddingRef,
        List<String> tags,
        Privacy privacy,
        Retention retention,
        List<MemoryLink> links,
        String checksum,
        Boolean redacted) {

    /** Validates and copies. */
    public MemoryItem {
        Checks.requireNonBlank(id, "id");
        Checks.requireNonNegative(ts, "ts");
        Checks.requireRange(salience, 0.0, 1.0, "salience");
        Checks.optionalNonBlank(embeddingRef, "embedding_ref");
        tags = Checks.stringList(tags, "tags");
        links = Checks.list(links, "links");
        Checks.optionalNonBlank(checksum, "checksum");
        redacted = Boolean.TRUE.equals(redacted);
    }

    /** Returns the privacy flags in effect: {@link #privacy()} or {@link Privacy#DEFAULT} when absent. */
    public Privacy effectivePrivacy() {
        return privacy == null ? Privacy.DEFAULT : privacy;
    }

    /** Returns whether the memory is pinned (seed 4.9 {@code pin_boost}, 7.4). */
    public boolean pinned() {
        return retention != null && retention.pinned();
    }
}
