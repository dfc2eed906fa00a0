package org.aiverse.contracts.api;

import org.aiverse.contracts.Checks;

/**
 * Response of {@code GET /api/v1/sessions/{id}/verify} (DESIGN §5; verification of seed 3.5).
 *
 * @param ok whether the whole chain verifies, required
 * @param verified how many events were verified, required
 * @param firstBadSeq the first event that fails ({@code first_bad_seq}); absent when ok
 * @param reason why it fails; absent when ok
 */
public record ChainVerification(boolean ok, long verified, Long firstBadSeq, String reason) {

    /** Validates. */
    public ChainVerification {
        Checks.requireNonNegative(verified, "verified");
        Checks.require(!ok || firstBadSeq == null, "first_bad_seq", "must be absent when ok is true");
    }
}
