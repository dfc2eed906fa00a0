package org.aiverse.contracts.policy;

import java.util.List;
import java.util.Map;
import org.aiverse.contracts.Checks;

/**
 * The constraints of a personality (seed 4.7; also the {@code policies} of a snapshot, seed 4.1).
 *
 * @param autonomy the personality's autonomy level, required
 * @param spendingCaps spend limits; absent when the policy sets none (the policy engine's defaults apply)
 * @param rateLimits limits per intent type, keyed {@code intent.<type>}; empty when absent
 * @param restrictedActions intent types that are never allowed; empty when absent
 * @param allowlistTargets target kinds intents may address; empty when absent (no target restriction)
 * @param ethics the ethics ruleset; optional
 */
public record Policy(
        Autonomy autonomy,
        SpendingCaps spendingCaps,
        Map<String, RateLimit> rateLimits,
        List<String> restrictedActions,
        List<String> allowlistTargets,
        Ethics ethics) {

    /** Prefix of every {@code rate_limits} key. */
    public static final String RATE_LIMIT_KEY_PREFIX = "intent.";

    /** Validates and copies. */
    public Policy {
        Checks.requireNonNull(autonomy, "autonomy");
        rateLimits = Checks.map(rateLimits, "rate_limits");
        for (String key : rateLimits.keySet()) {
            Checks.require(
                    key.startsWith(RATE_LIMIT_KEY_PREFIX) && key.length() > RATE_LIMIT_KEY_PREFIX.length(),
                    "rate_limits." + key,
                    "key must have the form intent.<type>");
        }
        restrictedActions = Checks.stringList(restrictedActions, "restricted_actions");
        allowlistTargets = Checks.stringList(allowlistTargets, "allowlist_targets");
    }

    /** Returns the rate limit key of an intent type ({@code speak} gives {@code intent.speak}). */
    public static String rateLimitKey(String intentType) {
        return RATE_LIMIT_KEY_PREFIX + intentType;
    }
}
