package org.aiverse.policy.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the Safety Gate (PID {@code org.aiverse.policy}, file {@code etc/org.aiverse.policy.cfg}).
 * Every table is a list of {@code key=value} entries; {@code *} is the default for intent types not listed.
 */
@ObjectClassDefinition(
        name = "AI-Verse policy gate",
        description = "Defaults and requirement tables of the Safety Gate (seed 4.6, 4.7; DESIGN §4)")
public @interface GateConfig {

    @AttributeDefinition(
            description = "Autonomy each intent type requires (type=low|medium|high); '*' for the rest."
                    + " Baseline purchases within caps are allowed at low.")
    String[] autonomyRequirements() default {
        "speak=low",
        "move=low",
        "animate=low",
        "openDialog=low",
        "buyItem=low",
        "transfer_asset=high",
        "publish_external=high",
        "*=medium"
    };

    @AttributeDefinition(
            description = "Scopes each intent type requires (type=scope[ scope...]); '*' for the rest. Intents"
                    + " whose params reference memory also need memory.read.limited, or memory.read.full for"
                    + " non-exportable memories or the whole memory log (DESIGN §3).")
    String[] scopeRequirements() default {"*=persona.use"};

    @AttributeDefinition(description = "Intent types that always need the user's explicit approval")
    String[] requiresUserApproval() default {"transfer_asset", "publish_external", "share_contact"};

    @AttributeDefinition(description = "Intent types that spend money, with the param holding the price (type=param)")
    String[] spendTypes() default {"buyItem=price"};

    @AttributeDefinition(
            description = "Params keys that reference memories (a memory id, a list of ids, or * / all for the"
                    + " whole log; memory_log references the whole log whatever its value)")
    String[] memoryParamKeys() default {"memory_id", "memory_ids", "memory_ref", "memory_refs", "memories", "memory_log"
    };

    @AttributeDefinition(description = "Autonomy of the default policy (snapshots without policies)")
    String defaultAutonomy() default "low";

    @AttributeDefinition(
            description = "Daily spending cap where a policy sets none; 0 means no spending without an explicit cap")
    String defaultDailyCap() default "0";

    @AttributeDefinition(description = "Per-transaction cap where a policy sets none; empty means none")
    String defaultPerTxnCap() default "";

    @AttributeDefinition(
            description = "Rate limits where a policy sets none, per intent type (type=per_min[/burst]); '*' for"
                    + " every other type. Burst defaults to per_min.")
    String[] defaultRateLimits() default {"speak=30", "*=60"};

    @AttributeDefinition(description = "Restricted actions of the default policy (snapshots without policies)")
    String[] defaultRestrictedActions() default {"transfer_asset", "publish_external"};

    @AttributeDefinition(description = "Intent types restricted for everybody, whatever the policy says")
    String[] alwaysRestricted() default {};

    @AttributeDefinition(description = "Ethics ruleset where neither the policy nor the profile names one")
    String defaultEthicsRuleset() default "v1";

    @AttributeDefinition(
            description = "Directory of operator ethics rulesets (*.json); empty means ${karaf.etc}/aiverse/ethics")
    String rulesetDirectory() default "";

    @AttributeDefinition(description = "Seconds an owner's intent type stays in cooldown after a rate block")
    long cooldownSeconds() default 30;

    @AttributeDefinition(
            description = "Where the live rate and cooldown counters live: memory (this node only, the default:"
                    + " lock-free, no I/O on the intent path) or database (the platform database, shared by every"
                    + " node on it, one or two statements per rate-limited intent)")
    String counters() default "memory";

    @AttributeDefinition(
            description = "Consecutive words of a non-exportable memory that count as quoting it (privacy check)")
    int quoteWords() default 5;

    @AttributeDefinition(
            description = "Blocked intents of one owner within a minute that raise a blocked_intent_burst anomaly")
    int blockBurstThreshold() default 5;
}
