package org.aiverse.policy.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.consent.Scopes;
import org.aiverse.contracts.intent.Intent;
import org.aiverse.contracts.intent.IntentTargets;
import org.aiverse.contracts.policy.Autonomy;
import org.aiverse.contracts.policy.CheckName;
import org.aiverse.contracts.policy.CheckResult;
import org.aiverse.contracts.policy.ReasonCode;
import org.aiverse.policy.api.PolicyContext;
import org.aiverse.policy.api.ProtectedMemories;

/**
 * One run of the seven checks in the frozen order of seed 4.6.2, reading (never changing) the counters. All
 * seven run and are reported; the first {@code blocked} in that order decides the reason. The live gate and the
 * dry-run use this same code; only the live gate then commits what an allowed intent consumes.
 *
 * <p>The live gate defers the rate check ({@code deferRate}) when the checks before it passed: an intent that passes
 * all seven then checks and takes its token in one step ({@link CounterStore#acquire}, one round trip to a shared
 * store instead of a read now and a conditional update at commit), and one that a later check blocks reads the
 * counters after all, so its decision reports the rate check as the dry run does.
 */
final class Evaluation {

    private static final CheckName[] ORDER = CheckName.values();
    private static final Set<String> WHOLE_LOG = Set.of("*", "all");
    private static final String MEMORY_LOG = "memory_log";

    final CheckResult[] results = new CheckResult[ORDER.length];
    ReasonCode reason = ReasonCode.OK;
    String explanation;
    /** The check whose block decided {@link #reason}. */
    private CheckName reasonCheck;

    RateSpec rate;
    /** The rate check passed provisionally: the live commit checks and takes the token in one step. */
    boolean rateDeferred;

    BigDecimal price;
    boolean budgetBlocked;
    /** Why the counter store failed (a shared store unreachable): the rate check blocked, no cooldown starts. */
    RuntimeException countersFailure;

    private String targetKind;
    private boolean targetKindKnown;

    private Evaluation() {}

    /**
     * Runs the checks.
     *
     * @param now the gate's clock, nanoseconds
     * @param day the budget day
     * @param deferRate whether the rate check may be left to the live commit (see the class comment)
     * @throws ValidationException naming the field when the intent is malformed for its type
     */
    static Evaluation run(
            Intent intent,
            PolicyContext ctx,
            CompiledPolicy policy,
            GateSettings settings,
            CounterStore counters,
            BudgetLedger ledger,
            long now,
            long day,
            boolean deferRate) {
        Evaluation ev = new Evaluation();
        String type = intent.type();
        String owner = ctx.ownerId();

        // 1. restricted actions (and the target allowlist)
        if (policy.restricted.contains(type)) {
            ev.block(
                    CheckName.RESTRICTED_ACTIONS,
                    ReasonCode.RESTRICTED_ACTION,
                    "intent type '" + type + "' is a restricted action");
        } else if (policy.allowTargets != null
                && (ev.targetKind(intent) == null || !policy.allowTargets.contains(ev.targetKind(intent)))) {
            ev.block(
                    CheckName.RESTRICTED_ACTIONS,
                    ReasonCode.RESTRICTED_ACTION,
                    "target '" + intent.target() + "' is not in allowlist_targets");
        } else {
            ev.pass(CheckName.RESTRICTED_ACTIONS);
        }

        // 2. scope authorization
        boolean wholeLog = false;
        boolean referencesMemory = false;
        boolean referencesProtected = false;
        ProtectedMemories memories = ctx.protectedMemories();
        for (Map.Entry<String, Object> e : intent.params().entrySet()) {
            if (!settings.memoryParamKeys().contains(e.getKey())) {
                continue;
            }
            referencesMemory = true;
            if (MEMORY_LOG.equals(e.getKey())) {
                wholeLog = true;
            } else if (e.getValue() instanceof String s) {
                wholeLog |= WHOLE_LOG.contains(s);
                referencesProtected |= memories.isProtected(s);
            } else if (e.getValue() instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof String s) {
                        wholeLog |= WHOLE_LOG.contains(s);
                        referencesProtected |= memories.isProtected(s);
                    }
                }
            }
        }
        String missing = null;
        for (String scope : settings.scopesFor(type)) {
            if (!ctx.scopes().contains(scope)) {
                missing = scope;
                break;
            }
        }
        if (missing == null && referencesMemory) {
            boolean full = ctx.scopes().contains(Scopes.MEMORY_READ_FULL);
            if ((wholeLog || referencesProtected) && !full) {
                missing = Scopes.MEMORY_READ_FULL;
            } else if (!full && !ctx.scopes().contains(Scopes.MEMORY_READ_LIMITED)) {
                missing = Scopes.MEMORY_READ_LIMITED;
            }
        }
        if (missing != null) {
            ev.block(CheckName.SCOPE, ReasonCode.BLOCKED_SCOPE, "intent type '" + type + "' needs scope " + missing);
        } else {
            ev.pass(CheckName.SCOPE);
        }

        // 3. autonomy threshold (and escalation to the user)
        Autonomy required = settings.autonomyFor(type);
        if (!policy.autonomy.atLeast(required)) {
            ev.block(
                    CheckName.AUTONOMY_LEVEL,
                    ReasonCode.AUTONOMY_VIOLATION,
                    "intent type '" + type + "' needs autonomy " + required.wire() + ", the policy grants "
                            + policy.autonomy.wire());
        } else if (settings.requiresUserApproval().contains(type)
                && !ctx.approvals().contains(intent.intentId())) {
            ev.block(
                    CheckName.AUTONOMY_LEVEL,
                    ReasonCode.REQUIRES_USER_APPROVAL,
                    "intent type '" + type + "' needs the user's explicit approval");
        } else {
            ev.pass(CheckName.AUTONOMY_LEVEL);
        }

        // 4. rate limit / cooldown
        RateSpec rate = policy.rateFor(type);
        if (rate == null) {
            ev.results[CheckName.RATE_LIMIT.ordinal()] = CheckResult.NOT_APPLICABLE;
        } else if (deferRate && ev.reason == ReasonCode.OK) {
            ev.rateDeferred = true;
            ev.pass(CheckName.RATE_LIMIT);
        } else {
            ev.checkRate(counters, owner, type, now, rate);
        }
        ev.rate = rate;

        // 5. budget and quotas
        String priceParam = settings.spendTypes().get(type);
        if (priceParam == null) {
            ev.results[CheckName.BUDGET_CAP.ordinal()] = CheckResult.NOT_APPLICABLE;
        } else {
            BigDecimal price = price(intent.params().get(priceParam), "intent.params." + priceParam);
            ev.price = price;
            if (policy.perTxn != null && price.compareTo(policy.perTxn) > 0) {
                ev.budgetBlocked = true;
                ev.block(
                        CheckName.BUDGET_CAP,
                        ReasonCode.BLOCKED_BUDGET,
                        "price " + price.toPlainString() + " exceeds the per_txn cap of "
                                + policy.perTxn.toPlainString());
            } else if (policy.daily != null) {
                BigDecimal spent = ledger.spent(owner, day);
                if (spent.add(price).compareTo(policy.daily) > 0) {
                    ev.budgetBlocked = true;
                    ev.block(
                            CheckName.BUDGET_CAP,
                            ReasonCode.BLOCKED_BUDGET,
                            "price " + price.toPlainString() + " would bring today's spend to "
                                    + spent.add(price).toPlainString() + ", above the daily cap of "
                                    + policy.daily.toPlainString());
                } else {
                    ev.pass(CheckName.BUDGET_CAP);
                }
            } else {
                ev.pass(CheckName.BUDGET_CAP);
            }
        }

        // 6. privacy / exportability
        String revealed = null;
        if (!memories.isEmpty()) {
            revealed = wholeLog
                    ? "the whole memory log, which holds non-exportable memories"
                    : reveals(intent.params(), memories);
        }
        if (revealed != null) {
            ev.block(CheckName.PRIVACY, ReasonCode.PRIVACY_VIOLATION, "the intent would reveal " + revealed);
        } else {
            ev.pass(CheckName.PRIVACY);
        }

        // 7. ethics ruleset
        String breach = policy.ethics.breach(intent, ctx.mode(), ev.targetKind(intent));
        if (breach != null) {
            ev.block(
                    CheckName.ETHICS,
                    ReasonCode.ETHICS_VIOLATION,
                    "breaches ethics ruleset " + policy.ethics.id() + ", rule " + breach);
        } else {
            ev.pass(CheckName.ETHICS);
        }
        if (ev.rateDeferred && ev.reason != ReasonCode.OK) {
            // a later check blocked: no token will be taken, the decision reports the counters as they are (and a
            // rate block, coming first in the order, becomes the reason)
            ev.rateDeferred = false;
            ev.checkRate(counters, owner, type, now, rate);
        }
        return ev;
    }

    /** The rate check on the counters as they are: reads, never changes them; a failing store blocks. */
    private void checkRate(CounterStore counters, String owner, String type, long now, RateSpec rate) {
        long state;
        try {
            state = counters.check(owner, type, now, rate);
        } catch (RuntimeException e) {
            // fail closed: a shared store that cannot be reached must not lift the rate limit
            countersFailure = e;
            state = CounterStore.RATE_LIMITED;
        }
        rateResult(state, type, now, rate, false);
    }

    /**
     * Records the rate check's result from a counter state ({@link CounterStore#check}); {@code lost}: the live
     * commit learnt it, after all seven checks had passed.
     */
    void rateResult(long state, String type, long now, RateSpec rate, boolean lost) {
        ReasonCode code;
        String why;
        if (countersFailure != null) {
            code = ReasonCode.RATE_LIMITED;
            why = "the shared rate counters are unavailable; intents with a rate limit are blocked until they are"
                    + " back";
        } else if (state == CounterStore.RATE_LIMITED) {
            code = ReasonCode.RATE_LIMITED;
            why = "intent type '" + type + "' exceeds its rate limit of " + rate.perMin() + "/min (burst "
                    + rate.burst() + ")";
        } else if (state != CounterStore.ALLOWED) {
            code = ReasonCode.COOLDOWN;
            why = "intent type '" + type + "' is in cooldown after a rate block; retry in "
                    + Math.max(1, (state - now + 999_999_999L) / 1_000_000_000L) + " s";
        } else {
            pass(CheckName.RATE_LIMIT);
            return;
        }
        if (lost) {
            lostRace(CheckName.RATE_LIMIT, code, why);
        } else {
            block(CheckName.RATE_LIMIT, code, why);
        }
    }

    private void pass(CheckName check) {
        results[check.ordinal()] = CheckResult.OK;
    }

    void block(CheckName check, ReasonCode code, String why) {
        results[check.ordinal()] = CheckResult.BLOCKED;
        if (reason == ReasonCode.OK || check.ordinal() < reasonCheck.ordinal()) {
            reason = code;
            explanation = why;
            reasonCheck = check;
        }
    }

    /** The live commit lost a race for the last token (or the budget): the decision becomes that block. */
    void lostRace(CheckName check, ReasonCode code, String why) {
        results[check.ordinal()] = CheckResult.BLOCKED;
        reason = code;
        explanation = why;
        reasonCheck = check;
    }

    private String targetKind(Intent intent) {
        if (!targetKindKnown) {
            targetKind = kindOf(intent.target());
            targetKindKnown = true;
        }
        return targetKind;
    }

    /** The target kind of a target: a kind itself, or an entity reference such as {@code npc_42}. */
    static String kindOf(String target) {
        for (String kind : IntentTargets.ALL) {
            if (target.startsWith(kind)
                    && (target.length() == kind.length() || "_:-/".indexOf(target.charAt(kind.length())) >= 0)) {
                return kind;
            }
        }
        return null;
    }

    private static String reveals(Object value, ProtectedMemories memories) {
        if (value instanceof String s) {
            if (memories.isProtected(s)) {
                return "non-exportable memory " + s;
            }
            String quoted = memories.quotedIn(s);
            return quoted == null ? null : "non-exportable memory " + quoted + " by quoting it";
        }
        if (value instanceof Map<?, ?> m) {
            for (Object v : m.values()) {
                String r = reveals(v, memories);
                if (r != null) {
                    return r;
                }
            }
        } else if (value instanceof List<?> l) {
            for (Object v : l) {
                String r = reveals(v, memories);
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }

    static BigDecimal price(Object value, String field) {
        BigDecimal price;
        if (value instanceof BigDecimal d) {
            price = d;
        } else if (value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte) {
            price = BigDecimal.valueOf(((Number) value).longValue());
        } else if (value instanceof BigInteger i) {
            price = new BigDecimal(i);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new ValidationException(field, "must be a finite number");
            }
            price = BigDecimal.valueOf(d);
        } else if (value == null) {
            throw new ValidationException(field, "is required for this intent type");
        } else {
            throw new ValidationException(field, "must be a number");
        }
        if (price.signum() < 0) {
            throw new ValidationException(field, "must not be negative, got " + price.toPlainString());
        }
        return price;
    }
}
