package org.aiverse.policy.api;

import java.math.BigDecimal;
import java.util.Map;
import org.aiverse.contracts.Checks;

/**
 * One owner's live counters.
 *
 * @param ownerId the owner ({@code sub})
 * @param budgetDay the budget day, ISO date in UTC
 * @param spentToday what purchases spent today, against {@code spending_caps.daily}
 * @param cooldowns intent types in cooldown after a rate block, with the Unix second the cooldown ends
 */
public record PolicyUsage(String ownerId, String budgetDay, BigDecimal spentToday, Map<String, Long> cooldowns) {

    /** Validates and copies. */
    public PolicyUsage {
        Checks.requireNonBlank(ownerId, "owner_id");
        cooldowns = Checks.map(cooldowns, "cooldowns");
    }
}
