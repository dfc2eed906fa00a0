package org.aiverse.recorder.api;

import org.aiverse.contracts.Checks;

/**
 * A change of a session's retention (seed 7.4); absent fields stay as they are.
 *
 * @param retentionDays days to keep the recording after its last event, 0 to 365 ({@code retention_days})
 * @param pinned pin (exempt from automatic deletion) or unpin
 * @param legalHold set or lift a legal hold ({@code legal_hold}); recorded in the chain
 * @param reason why, recorded with a legal hold change
 */
public record RetentionSettings(Integer retentionDays, Boolean pinned, Boolean legalHold, String reason) {

    /** Longest retention. */
    public static final int MAX_DAYS = 365;

    /** Retention when nothing is set. */
    public static final int DEFAULT_DAYS = 30;

    /** Validates. */
    public RetentionSettings {
        Checks.optionalRange(retentionDays, 0, MAX_DAYS, "retention_days");
    }
}
