package org.aiverse.recorder.api;

import java.util.List;
import org.aiverse.contracts.Checks;

/**
 * What to redact in a session's recording (seed 7.4): the payloads of the listed events are removed for good.
 *
 * @param seqs the events, each at least 1
 * @param reason why; recorded in the audit stub
 */
public record RedactionRequest(List<Long> seqs, String reason) {

    /** Validates. */
    public RedactionRequest {
        seqs = Checks.requireList(seqs, "seqs");
        for (int i = 0; i < seqs.size(); i++) {
            Checks.requireNonNull(seqs.get(i), "seqs[" + i + "]");
            Checks.requireRange(seqs.get(i), 1L, Long.MAX_VALUE, "seqs[" + i + "]");
        }
        Checks.optionalNonBlank(reason, "reason");
    }
}
