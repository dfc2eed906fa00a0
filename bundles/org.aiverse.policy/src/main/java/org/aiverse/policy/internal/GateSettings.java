package org.aiverse.policy.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.policy.Autonomy;
import org.aiverse.contracts.policy.Ethics;
import org.aiverse.contracts.policy.Policy;
import org.aiverse.contracts.policy.RateLimit;
import org.aiverse.contracts.policy.SpendingCaps;
import org.aiverse.json.Hashes;

/**
 * The gate's configuration, parsed and validated (see {@link GateConfig} for meanings and defaults).
 *
 * @param revision a short hash of everything here: part of every {@code policy_version}
 */
record GateSettings(
        Policy defaultPolicy,
        Set<String> alwaysRestricted,
        Map<String, Autonomy> autonomyRequirements,
        Map<String, List<String>> scopeRequirements,
        Set<String> requiresUserApproval,
        Map<String, String> spendTypes,
        Set<String> memoryParamKeys,
        Map<String, EthicsRuleset> rulesets,
        String defaultRuleset,
        long cooldownSeconds,
        int quoteWords,
        int blockBurstThreshold,
        String revision) {

    /** The key standing for every intent type not listed. */
    static final String ANY = "*";

    /** The settings of a configuration and the rulesets loaded for it. */
    static GateSettings from(GateConfig c, Map<String, EthicsRuleset> rulesets) {
        Map<String, Autonomy> autonomy = new LinkedHashMap<>();
        entries(c.autonomyRequirements(), "autonomyRequirements").forEach((k, v) -> {
            try {
                autonomy.put(k, Autonomy.fromWire(v));
            } catch (ValidationException e) {
                throw new ValidationException("autonomyRequirements." + k, e.reason());
            }
        });
        autonomy.putIfAbsent(ANY, Autonomy.MEDIUM);
        Map<String, List<String>> scopes = new LinkedHashMap<>();
        entries(c.scopeRequirements(), "scopeRequirements")
                .forEach((k, v) -> scopes.put(
                        k, List.of(v.isBlank() ? new String[0] : v.strip().split("[\\s,]+"))));
        scopes.putIfAbsent(ANY, List.of());
        Map<String, RateLimit> rates = new LinkedHashMap<>();
        entries(c.defaultRateLimits(), "defaultRateLimits").forEach((k, v) -> {
            String field = "defaultRateLimits." + k;
            String[] parts = v.split("/");
            try {
                rates.put(
                        Policy.rateLimitKey(k),
                        new RateLimit(
                                Integer.parseInt(parts[0].strip()),
                                parts.length > 1 ? Integer.valueOf(parts[1].strip()) : null));
            } catch (NumberFormatException e) {
                throw new ValidationException(field, "must be per_min or per_min/burst, got '" + v + "'");
            } catch (ValidationException e) {
                throw e.withPrefix(field);
            }
        });
        Policy defaultPolicy = new Policy(
                Autonomy.fromWire(c.defaultAutonomy()),
                new SpendingCaps(
                        amount(c.defaultDailyCap(), "defaultDailyCap"),
                        amount(c.defaultPerTxnCap(), "defaultPerTxnCap")),
                rates,
                list(c.defaultRestrictedActions()),
                List.of(),
                new Ethics(c.defaultEthicsRuleset()));
        Checks.require(
                rulesets.containsKey(c.defaultEthicsRuleset()),
                "defaultEthicsRuleset",
                "unknown ruleset '" + c.defaultEthicsRuleset() + "', loaded: " + rulesets.keySet());
        Checks.require(c.cooldownSeconds() >= 0, "cooldownSeconds", "must not be negative");
        Checks.require(c.quoteWords() >= 1, "quoteWords", "must be at least 1");
        Checks.require(c.blockBurstThreshold() >= 1, "blockBurstThreshold", "must be at least 1");
        Map<String, String> spend = entries(c.spendTypes(), "spendTypes");
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("autonomy", autonomy);
        all.put("scopes", scopes);
        all.put("approval", list(c.requiresUserApproval()));
        all.put("spend", spend);
        all.put("memory", list(c.memoryParamKeys()));
        all.put("always", list(c.alwaysRestricted()));
        all.put("rulesets", rulesets.keySet());
        all.put("quote", c.quoteWords());
        String revision = Hashes.sha256Hex(all).substring(0, 8);
        return new GateSettings(
                defaultPolicy,
                Set.copyOf(list(c.alwaysRestricted())),
                Map.copyOf(autonomy),
                Map.copyOf(scopes),
                Set.copyOf(list(c.requiresUserApproval())),
                Map.copyOf(spend),
                Set.copyOf(list(c.memoryParamKeys())),
                Map.copyOf(rulesets),
                c.defaultEthicsRuleset(),
                c.cooldownSeconds(),
                c.quoteWords(),
                c.blockBurstThreshold(),
                revision);
    }

    /**
     * The entries of a list property. A {@code .cfg} file gives a list as one comma-separated string, which
     * configuration admin hands over as a one-element array, so every element is split at commas as well.
     */
    static List<String> list(String[] values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    private static Map<String, String> entries(String[] raw, String property) {
        String[] values = list(raw).toArray(String[]::new);
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < values.length; i++) {
            String entry = values[i];
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new ValidationException(property + "[" + i + "]", "must be key=value, got '" + entry + "'");
            }
            String key = entry.substring(0, eq).strip();
            Checks.require(seen.add(key), property + "[" + i + "]", "duplicate key '" + key + "'");
            out.put(key, entry.substring(eq + 1).strip());
        }
        return out;
    }

    private static BigDecimal amount(String value, String property) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Checks.optionalNonNegative(new BigDecimal(value.strip()), property);
        } catch (NumberFormatException e) {
            throw new ValidationException(property, "must be a number, got '" + value + "'");
        }
    }

    /** The autonomy an intent type requires. */
    Autonomy autonomyFor(String type) {
        Autonomy a = autonomyRequirements.get(type);
        return a != null ? a : autonomyRequirements.get(ANY);
    }

    /** The scopes an intent type requires. */
    List<String> scopesFor(String type) {
        List<String> s = scopeRequirements.get(type);
        return s != null ? s : scopeRequirements.get(ANY);
    }
}
