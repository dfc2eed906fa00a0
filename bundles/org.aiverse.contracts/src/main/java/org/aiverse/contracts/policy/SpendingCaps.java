package org.aiverse.contracts.policy;

import java.math.BigDecimal;
import org.aiverse.contracts.Checks;

/**
 * Spend limits of a policy (seed 4.7 {@code spending_caps}), in the world's currency units.
 *
 * @param daily cap per day; optional, not negative
 * @param perTxn cap per transaction ({@code per_txn}); optional, not negative
 */
public record SpendingCaps(BigDecimal daily, BigDecimal perTxn) {

    /** Validates. */
    public SpendingCaps {
        Checks.optionalNonNegative(daily, "daily");
        Checks.optionalNonNegative(perTxn, "per_txn");
    }
}
