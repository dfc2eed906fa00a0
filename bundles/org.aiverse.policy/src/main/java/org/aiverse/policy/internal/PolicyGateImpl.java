package org.aiverse.policy.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.aiverse.contracts.api.SessionMode;
import org.aiverse.contracts.intent.Intent;
import org.aiverse.contracts.memory.MemoryItem;
import org.aiverse.contracts.policy.CheckName;
import org.aiverse.contracts.policy.CheckResult;
import org.aiverse.contracts.policy.Ethics;
import org.aiverse.contracts.policy.Policy;
import org.aiverse.contracts.policy.PolicyCheck;
import org.aiverse.contracts.policy.PolicyDecision;
import org.aiverse.contracts.policy.RateLimit;
import org.aiverse.contracts.policy.ReasonCode;
import org.aiverse.contracts.policy.SpendingCaps;
import org.aiverse.contracts.recorder.Actor;
import org.aiverse.contracts.recorder.EventType;
import org.aiverse.contracts.snapshot.MemoryIndexEntry;
import org.aiverse.contracts.snapshot.PersonalitySnapshot;
import org.aiverse.json.Json;
import org.aiverse.policy.api.PolicyContext;
import org.aiverse.policy.api.PolicyGate;
import org.aiverse.policy.api.PolicyGateInfo;
import org.aiverse.policy.api.PolicyMetrics;
import org.aiverse.policy.api.PolicyUsage;
import org.aiverse.policy.api.ProtectedMemories;
import org.aiverse.policy.api.ProtectedMemory;
import org.aiverse.recorder.api.Recorder;
import org.aiverse.snapshot.api.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Safety Gate, free of OSGi: the checks ({@link Evaluation}), the live commit (rate token, budget spend,
 * cooldown), metrics, anomaly flags and recording. {@link PolicyGateComponent} wires it into the platform; tests
 * and benchmarks build it directly.
 *
 * <p>Recording (DESIGN §4): a live decision with a session is appended to the session's chain before it is
 * returned: an allowed intent as an {@code intent} event (actor {@code ai}), a blocked one as a
 * {@code policy_block} event (actor {@code system}); both carry the whole decision ({@code intent, allowed,
 * reason_code, reason, policy_version, checks}) and the context ({@code owner_id, snapshot_id, world_id, mode}).
 * So the Core does not record the intent again. Anomalies are {@code metric} events ({@code metric:
 * "anomaly_flags"}). Dry-runs record nothing.
 */
final class PolicyGateImpl implements PolicyGate {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyGateImpl.class);
    private static final long SECOND = 1_000_000_000L;
    private static final long DAY_SECONDS = 86_400L;
    private static final CheckName[] ORDER = CheckName.values();
    private static final CheckResult[] RESULTS = CheckResult.values();
    private static final PolicyCheck[][] CHECKS = new PolicyCheck[ORDER.length][RESULTS.length];

    static {
        for (CheckName n : ORDER) {
            for (CheckResult r : RESULTS) {
                CHECKS[n.ordinal()][r.ordinal()] = new PolicyCheck(n, r);
            }
        }
    }

    private final GateSettings settings;
    private final CounterStore counters;
    private final BudgetLedger ledger;
    private final LongSupplier clock;
    private final Supplier<Recorder> recorder;
    private final Supplier<SnapshotStore> snapshots;
    private final AnomalyDetector anomalies;
    private final ConcurrentHashMap<Policy, CompiledPolicy> compiled = new ConcurrentHashMap<>();
    private final AtomicReferenceArray<List<PolicyCheck>> checkLists =
            new AtomicReferenceArray<>((int) Math.pow(RESULTS.length, ORDER.length));
    private final MinuteCounter blockRate = new MinuteCounter();
    private final MinuteCounter anomalyRate = new MinuteCounter();
    private final LongAdder decisions = new LongAdder();
    private final LongAdder blocks = new LongAdder();
    private final LongAdder anomalyTotal = new LongAdder();
    private volatile CompiledPolicy last;

    /**
     * @param clock the gate's clock: nanoseconds since the Unix epoch
     * @param recorder the recorder when one is present, else {@code null}
     * @param snapshots the snapshot store when one is present, else {@code null}: the memories of a snapshot
     */
    PolicyGateImpl(
            GateSettings settings,
            CounterStore counters,
            BudgetLedger ledger,
            LongSupplier clock,
            Supplier<Recorder> recorder,
            Supplier<SnapshotStore> snapshots) {
        this.settings = settings;
        this.counters = counters;
        this.ledger = ledger;
        this.clock = clock;
        this.recorder = recorder;
        this.snapshots = snapshots;
        this.anomalies = new AnomalyDetector(settings.blockBurstThreshold());
    }

    /** A clock in epoch nanoseconds that is monotonic within this process. */
    static LongSupplier systemClock() {
        long base = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        return () -> base + System.nanoTime();
    }

    /**
     * A clock in epoch nanoseconds read from the wall clock on every call (microseconds on Linux), for counters
     * shared by several nodes: nodes that keep their clocks in step with NTP agree on it, where {@link #systemClock}
     * keeps the offset it had at start. It is not monotonic; the rate counters tolerate that (a step back makes a
     * limit stricter for the length of the step, never looser).
     */
    static LongSupplier wallClock() {
        return () -> {
            Instant now = Instant.now();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }

    @Override
    public PolicyDecision dryRun(Intent intent, PolicyContext context) {
        long now = clock.getAsLong();
        CompiledPolicy policy = compile(context.policy());
        Evaluation ev = Evaluation.run(intent, context, policy, settings, counters, ledger, now, day(now), false);
        return decision(intent, policy, ev);
    }

    @Override
    public PolicyDecision evaluate(Intent intent, PolicyContext context, Map<String, Object> meta) {
        long now = clock.getAsLong();
        long day = day(now);
        CompiledPolicy policy = compile(context.policy());
        Evaluation ev = Evaluation.run(intent, context, policy, settings, counters, ledger, now, day, true);
        String owner = context.ownerId();
        String type = intent.type();
        if (ev.reason.allows()) {
            commit(intent, context, policy, ev, now, day);
        }
        if (ev.countersFailure != null) {
            LOG.warn("Rate counters unavailable; blocked {} of {}: {}", type, owner, ev.countersFailure.getMessage());
        } else if (ev.reason == ReasonCode.RATE_LIMITED) {
            try {
                counters.startCooldown(owner, type, now + settings.cooldownSeconds() * SECOND);
            } catch (RuntimeException e) {
                LOG.warn("Rate counters unavailable; no cooldown for {} of {}: {}", type, owner, e.getMessage());
            }
        }
        PolicyDecision decision = decision(intent, policy, ev);
        long second = Math.floorDiv(now, SECOND);
        decisions.increment();
        if (!decision.allowed()) {
            blocks.increment();
            blockRate.add(second);
        }
        List<AnomalyDetector.Anomaly> flags =
                anomalies.onDecision(intent, context, policy.version, ev.reason, ev, second);
        record(context, decision, meta);
        if (flags != null) {
            for (AnomalyDetector.Anomaly a : flags) {
                raise(a, intent, context, second);
            }
        }
        return decision;
    }

    private void commit(
            Intent intent, PolicyContext context, CompiledPolicy policy, Evaluation ev, long now, long day) {
        String owner = context.ownerId();
        String type = intent.type();
        if (ev.rate != null && !acquire(owner, type, now, ev)) {
            return;
        }
        if (ev.price != null) {
            boolean spent;
            String why;
            try {
                spent = ledger.trySpend(owner, day, ev.price, policy.daily);
                why = "price " + ev.price.toPlainString() + " would exceed the daily cap of "
                        + (policy.daily == null ? "-" : policy.daily.toPlainString());
            } catch (RuntimeException e) {
                LOG.warn("Budget ledger unavailable; blocking purchase {} of {}", intent.intentId(), owner, e);
                spent = false;
                why = "the budget ledger is unavailable; purchases are blocked until it is back";
            }
            if (!spent) {
                if (ev.rate != null) {
                    try {
                        counters.release(owner, type, ev.rate);
                    } catch (RuntimeException e) {
                        // the token stays taken: stricter, never looser
                        LOG.warn("Rate counters unavailable; token of {} of {} not given back", type, owner, e);
                    }
                }
                ev.budgetBlocked = true;
                ev.lostRace(CheckName.BUDGET_CAP, ReasonCode.BLOCKED_BUDGET, why);
            }
        }
    }

    /**
     * Takes the token: checks and takes it in one step when the evaluation left the rate check to the commit, else
     * takes the one the check saw. Without it the decision becomes the rate block (a failing store blocks, fail
     * closed, with the failure kept in {@code ev}).
     */
    private boolean acquire(String owner, String type, long now, Evaluation ev) {
        long state;
        try {
            if (ev.rateDeferred) {
                state = counters.acquire(owner, type, now, ev.rate);
            } else {
                state = counters.tryAcquire(owner, type, now, ev.rate)
                        ? CounterStore.ALLOWED
                        : CounterStore.RATE_LIMITED;
            }
        } catch (RuntimeException e) {
            ev.countersFailure = e;
            state = CounterStore.RATE_LIMITED;
        }
        ev.rateResult(state, type, now, ev.rate, true);
        return state == CounterStore.ALLOWED;
    }

    private PolicyDecision decision(Intent intent, CompiledPolicy policy, Evaluation ev) {
        String reason = ev.reason.allows()
                ? "Within autonomy, scopes, rate limits, spend caps, privacy and ethics."
                : ev.explanation;
        return new PolicyDecision(intent, ev.reason.allows(), ev.reason, reason, policy.version, checks(ev.results));
    }

    private List<PolicyCheck> checks(CheckResult[] results) {
        int index = 0;
        for (int i = results.length - 1; i >= 0; i--) {
            index = index * RESULTS.length + results[i].ordinal();
        }
        List<PolicyCheck> list = checkLists.get(index);
        if (list == null) {
            PolicyCheck[] array = new PolicyCheck[results.length];
            for (int i = 0; i < results.length; i++) {
                array[i] = CHECKS[i][results[i].ordinal()];
            }
            list = List.of(array);
            checkLists.set(index, list);
        }
        return list;
    }

    CompiledPolicy compile(Policy policy) {
        CompiledPolicy l = last;
        if (l != null && l.policy == policy) {
            return l;
        }
        CompiledPolicy c = compiled.get(policy);
        if (c == null) {
            c = CompiledPolicy.compile(policy, settings);
            if (compiled.size() > 4096) {
                compiled.clear();
            }
            compiled.put(policy, c);
        }
        last = c;
        return c;
    }

    private static long day(long now) {
        return Math.floorDiv(Math.floorDiv(now, SECOND), DAY_SECONDS);
    }

    private void record(PolicyContext context, PolicyDecision decision, Map<String, Object> meta) {
        Recorder r = context.sessionId() == null ? null : recorder.get();
        if (r == null) {
            return;
        }
        Map<String, Object> payload = Json.toMap(decision);
        payload.put("owner_id", context.ownerId());
        putIfPresent(payload, "snapshot_id", context.snapshotId());
        putIfPresent(payload, "world_id", context.worldId());
        putIfPresent(
                payload, "mode", context.mode() == null ? null : context.mode().wire());
        if (meta != null && !meta.isEmpty()) {
            payload.put("meta", meta);
        }
        // The decision takes its place in the session's chain now, in the order of the session's decisions, but the
        // gate does not park the Core's decision thread for the commit: the recorder's group commit makes it durable
        // moments later, together with other sessions' events.
        try {
            if (decision.allowed()) {
                r.appendAsync(context.sessionId(), Actor.AI, EventType.INTENT, payload)
                        .whenComplete((event, failure) -> recordFailed(context, decision, failure));
            } else {
                r.appendAsync(context.sessionId(), Actor.SYSTEM, EventType.POLICY_BLOCK, payload)
                        .whenComplete((event, failure) -> recordFailed(context, decision, failure));
            }
        } catch (RuntimeException e) {
            recordFailed(context, decision, e);
        }
    }

    private static void recordFailed(PolicyContext context, PolicyDecision decision, Throwable failure) {
        if (failure != null) {
            LOG.warn(
                    "Could not record the policy decision of intent {} in session {}",
                    decision.intent().intentId(),
                    context.sessionId(),
                    failure);
        }
    }

    private void raise(AnomalyDetector.Anomaly a, Intent intent, PolicyContext context, long second) {
        anomalyRate.add(second);
        anomalyTotal.increment();
        LOG.warn(
                "Anomaly {} for owner {} (intent {}): {}",
                a.kind(),
                context.ownerId(),
                intent.intentId(),
                a.explanation());
        Recorder r = context.sessionId() == null ? null : recorder.get();
        if (r == null) {
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("metric", "anomaly_flags");
        payload.put("value", 1);
        payload.put("flag", a.kind());
        payload.put("reason", a.explanation());
        payload.put("owner_id", context.ownerId());
        payload.put("intent_id", intent.intentId());
        payload.put("detail", a.detail());
        try {
            r.appendAsync(context.sessionId(), Actor.SYSTEM, EventType.METRIC, payload)
                    .whenComplete((event, failure) -> {
                        if (failure != null) {
                            LOG.warn(
                                    "Could not record anomaly {} in session {}",
                                    a.kind(),
                                    context.sessionId(),
                                    failure);
                        }
                    });
        } catch (RuntimeException e) {
            LOG.warn("Could not record anomaly {} in session {}", a.kind(), context.sessionId(), e);
        }
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    @Override
    public Policy effectivePolicy(Policy declared) {
        Policy defaults = settings.defaultPolicy();
        if (declared == null) {
            return defaults;
        }
        SpendingCaps caps = declared.spendingCaps();
        SpendingCaps d = defaults.spendingCaps();
        SpendingCaps effectiveCaps = new SpendingCaps(
                caps != null && caps.daily() != null ? caps.daily() : d.daily(),
                caps != null && caps.perTxn() != null ? caps.perTxn() : d.perTxn());
        Map<String, RateLimit> rates = new LinkedHashMap<>(defaults.rateLimits());
        rates.putAll(declared.rateLimits());
        Ethics ethics = declared.ethics() != null ? declared.ethics() : defaults.ethics();
        return new Policy(
                declared.autonomy(),
                effectiveCaps,
                rates,
                declared.restrictedActions(),
                declared.allowlistTargets(),
                ethics);
    }

    @Override
    public PolicyContext context(
            PersonalitySnapshot snapshot, Set<String> scopes, String sessionId, String worldId, SessionMode mode) {
        Policy declared = snapshot.policies();
        if (declared != null
                && declared.ethics() == null
                && snapshot.profile() != null
                && snapshot.profile().ethics() != null) {
            declared = new Policy(
                    declared.autonomy(),
                    declared.spendingCaps(),
                    declared.rateLimits(),
                    declared.restrictedActions(),
                    declared.allowlistTargets(),
                    snapshot.profile().ethics());
        } else if (declared == null
                && snapshot.profile() != null
                && snapshot.profile().ethics() != null) {
            Policy d = settings.defaultPolicy();
            declared = new Policy(
                    d.autonomy(),
                    d.spendingCaps(),
                    d.rateLimits(),
                    d.restrictedActions(),
                    d.allowlistTargets(),
                    snapshot.profile().ethics());
        }
        return new PolicyContext(
                snapshot.ownerId(),
                sessionId,
                snapshot.id(),
                worldId,
                mode,
                scopes,
                effectivePolicy(declared),
                protectedMemories(protectedMemoriesOf(snapshot)),
                Set.of());
    }

    /**
     * The memories of a snapshot an intent must not reveal: the store's non-exportable memories of that version
     * (with their texts), plus every indexed id the store does not show as exportable (no flags means not
     * exportable, seed 4.8).
     */
    private Collection<ProtectedMemory> protectedMemoriesOf(PersonalitySnapshot snapshot) {
        Map<String, ProtectedMemory> out = new LinkedHashMap<>();
        Set<String> exportable = new HashSet<>();
        SnapshotStore store = snapshots.get();
        if (store != null) {
            try {
                for (MemoryItem m : store.memories(snapshot.id(), snapshot.version())) {
                    if (m.effectivePrivacy().exportable()) {
                        exportable.add(m.id());
                    } else {
                        out.put(m.id(), new ProtectedMemory(m.id(), m.text()));
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("Memories of snapshot {} unavailable; protecting every indexed memory", snapshot.id(), e);
            }
        }
        for (MemoryIndexEntry e : snapshot.memoryIndex()) {
            if (!exportable.contains(e.id())) {
                out.putIfAbsent(e.id(), new ProtectedMemory(e.id(), null));
            }
        }
        return out.values();
    }

    @Override
    public ProtectedMemories protectedMemories(Collection<ProtectedMemory> memories) {
        return memories == null || memories.isEmpty()
                ? ProtectedMemories.NONE
                : new PrivacyIndex(memories, settings.quoteWords());
    }

    @Override
    public PolicyMetrics metrics() {
        long second = Math.floorDiv(clock.getAsLong(), SECOND);
        return new PolicyMetrics(
                blockRate.lastMinute(second),
                anomalyRate.lastMinute(second),
                decisions.sum(),
                blocks.sum(),
                anomalyTotal.sum());
    }

    @Override
    public PolicyUsage usage(String ownerId) {
        long now = clock.getAsLong();
        long day = day(now);
        BigDecimal spent = ledger.spent(ownerId, day);
        Map<String, Long> cooldowns = new LinkedHashMap<>();
        counters.cooldowns(ownerId, now).forEach((type, until) -> cooldowns.put(type, Math.floorDiv(until, SECOND)));
        return new PolicyUsage(ownerId, LocalDate.ofEpochDay(day).toString(), spent, cooldowns);
    }

    @Override
    public PolicyGateInfo info() {
        Map<String, String> rulesets = new LinkedHashMap<>();
        settings.rulesets().values().stream()
                .sorted((a, b) -> a.id().compareTo(b.id()))
                .forEach(r -> rulesets.put(r.id(), r.size() + " rules: " + r.description()));
        Map<String, List<String>> scopes = new LinkedHashMap<>();
        settings.scopeRequirements().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> scopes.put(e.getKey(), e.getValue()));
        Map<String, org.aiverse.contracts.policy.Autonomy> autonomy = new LinkedHashMap<>();
        settings.autonomyRequirements().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> autonomy.put(e.getKey(), e.getValue()));
        List<String> approval = new ArrayList<>(settings.requiresUserApproval());
        approval.sort(null);
        return new PolicyGateInfo(
                settings.defaultPolicy(), autonomy, scopes, approval, rulesets, settings.cooldownSeconds());
    }

    /** Forgets counters and caches that no longer constrain anything. */
    void sweep() {
        long now = clock.getAsLong();
        try {
            counters.sweep(now);
        } catch (RuntimeException e) {
            LOG.warn("Rate counters not swept: {}", e.getMessage());
        }
        ledger.sweep(day(now) - 1);
        anomalies.sweep(Math.floorDiv(now, SECOND));
    }

    /** For tests: the check results in the frozen order. */
    static List<CheckName> order() {
        return Arrays.asList(ORDER);
    }
}
