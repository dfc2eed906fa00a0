package org.aiverse.policy.internal;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.policy.Autonomy;
import org.aiverse.contracts.policy.Policy;
import org.aiverse.contracts.policy.RateLimit;
import org.aiverse.json.Hashes;

/**
 * An effective policy prepared for the checks: hash sets for the lists, rate limits as GCRA specs, the ethics
 * ruleset resolved, and its {@code policy_version}: {@code <ruleset>.<12 hex>}, the ethics ruleset id and a
 * fingerprint of the policy and the gate's configuration, so any change of either gives a new version.
 */
final class CompiledPolicy {

    final Policy policy;
    final String version;
    final Autonomy autonomy;
    final Set<String> restricted;
    final Set<String> allowTargets;
    final Map<String, RateSpec> rates;
    final RateSpec anyRate;
    final BigDecimal daily;
    final BigDecimal perTxn;
    final EthicsRuleset ethics;

    private CompiledPolicy(Policy policy, GateSettings settings) {
        this.policy = policy;
        this.autonomy = policy.autonomy();
        Set<String> r = new HashSet<>(policy.restrictedActions());
        r.addAll(settings.alwaysRestricted());
        this.restricted = Set.copyOf(r);
        Set<String> allow = new HashSet<>();
        for (String entry : policy.allowlistTargets()) {
            for (String kind : entry.split("\\|")) {
                if (!kind.isBlank()) {
                    allow.add(kind.strip());
                }
            }
        }
        this.allowTargets = allow.isEmpty() ? null : Set.copyOf(allow);
        Map<String, RateSpec> specs = new HashMap<>();
        RateSpec any = null;
        for (Map.Entry<String, RateLimit> e : policy.rateLimits().entrySet()) {
            String type = e.getKey().substring(Policy.RATE_LIMIT_KEY_PREFIX.length());
            if (GateSettings.ANY.equals(type)) {
                any = RateSpec.of(e.getValue());
            } else {
                specs.put(type, RateSpec.of(e.getValue()));
            }
        }
        this.rates = Map.copyOf(specs);
        this.anyRate = any;
        this.daily =
                policy.spendingCaps() == null ? null : policy.spendingCaps().daily();
        this.perTxn =
                policy.spendingCaps() == null ? null : policy.spendingCaps().perTxn();
        String rulesetId = policy.ethics() == null
                ? settings.defaultRuleset()
                : policy.ethics().ruleset();
        this.ethics = settings.rulesets().get(rulesetId);
        if (ethics == null) {
            throw new ValidationException(
                    "policy.ethics.ruleset",
                    "unknown ruleset '" + rulesetId + "', loaded: "
                            + settings.rulesets().keySet());
        }
        Map<String, Object> fingerprint = new LinkedHashMap<>();
        fingerprint.put("policy", policy);
        fingerprint.put("gate", settings.revision());
        this.version = rulesetId + "." + Hashes.sha256Hex(fingerprint).substring(0, 12);
    }

    static CompiledPolicy compile(Policy policy, GateSettings settings) {
        return new CompiledPolicy(policy, settings);
    }

    /** The rate limit of an intent type, or {@code null} when none applies. */
    RateSpec rateFor(String type) {
        RateSpec r = rates.get(type);
        return r != null ? r : anyRate;
    }
}
