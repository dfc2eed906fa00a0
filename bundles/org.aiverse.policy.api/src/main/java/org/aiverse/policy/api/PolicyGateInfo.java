package org.aiverse.policy.api;

import java.util.List;
import java.util.Map;
import org.aiverse.contracts.policy.Autonomy;
import org.aiverse.contracts.policy.Policy;

/**
 * The gate's configuration as in effect (for operators: {@code aiverse:policy-show}).
 *
 * @param defaultPolicy the policy applied where a snapshot declares none
 * @param autonomyRequirements the autonomy each intent type requires; {@code *} is the default
 * @param scopeRequirements the scopes each intent type requires; {@code *} is the default
 * @param requiresUserApproval intent types that always need the user's explicit approval
 * @param ethicsRulesets the loaded ethics rulesets: id to a one-line description
 * @param cooldownSeconds how long a rate block keeps an owner's intent type in cooldown
 */
public record PolicyGateInfo(
        Policy defaultPolicy,
        Map<String, Autonomy> autonomyRequirements,
        Map<String, List<String>> scopeRequirements,
        List<String> requiresUserApproval,
        Map<String, String> ethicsRulesets,
        long cooldownSeconds) {}
