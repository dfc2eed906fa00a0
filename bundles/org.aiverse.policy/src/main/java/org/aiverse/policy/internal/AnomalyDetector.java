package org.aiverse.policy.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.aiverse.contracts.intent.Intent;
import org.aiverse.contracts.policy.ReasonCode;
import org.aiverse.policy.api.PolicyContext;

/**
 * Raises the anomaly flags of seed 8 ({@code anomaly_flags}) from live decisions:
 *
 * <ul>
 *   <li>{@code unusual_spending}: a purchase the budget check blocks (over the per-transaction or the daily
 *       cap);
 *   <li>{@code blocked_intent_burst}: {@code threshold} blocked intents of one owner within a minute (raised
 *       once per minute window);
 *   <li>{@code policy_drift}: the policy version applied to a session (or, without session, to an owner)
 *       changes between two decisions.
 * </ul>
 */
final class AnomalyDetector {

    static final String UNUSUAL_SPENDING = "unusual_spending";
    static final String BLOCKED_INTENT_BURST = "blocked_intent_burst";
    static final String POLICY_DRIFT = "policy_drift";

    private static final int MAX_TRACKED = 100_000;

    /** One raised flag. */
    record Anomaly(String kind, String explanation, Map<String, Object> detail) {}

    private static final class Window {
        long start;
        int count;
        boolean flagged;
    }

    private final int threshold;
    private final ConcurrentHashMap<String, String> versionBySession = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> versionByOwner = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Window> blocks = new ConcurrentHashMap<>();

    AnomalyDetector(int threshold) {
        this.threshold = threshold;
    }

    /** Returns the flags a live decision raises, or {@code null} when none (the common case allocates nothing). */
    List<Anomaly> onDecision(
            Intent intent, PolicyContext ctx, String version, ReasonCode reason, Evaluation ev, long second) {
        List<Anomaly> out = null;
        ConcurrentHashMap<String, String> versions = ctx.sessionId() != null ? versionBySession : versionByOwner;
        String key = ctx.sessionId() != null ? ctx.sessionId() : ctx.ownerId();
        String previous = versions.get(key);
        if (previous != version && !version.equals(previous)) {
            if (versions.size() > MAX_TRACKED) {
                versions.clear();
            }
            previous = versions.put(key, version);
            if (previous != null && !previous.equals(version)) {
                out = add(
                        out,
                        new Anomaly(
                                POLICY_DRIFT,
                                "the policy applied changed from " + previous + " to " + version,
                                detail("from", previous, "to", version)));
            }
        }
        if (ev.budgetBlocked) {
            out = add(
                    out,
                    new Anomaly(
                            UNUSUAL_SPENDING,
                            "purchase attempt over the spending caps",
                            detail("price", ev.price, "intent_type", intent.type())));
        }
        if (!reason.allows()) {
            Window w = blocks.computeIfAbsent(ctx.ownerId(), o -> new Window());
            boolean burst;
            int count;
            synchronized (w) {
                if (second - w.start >= 60) {
                    w.start = second;
                    w.count = 0;
                    w.flagged = false;
                }
                count = ++w.count;
                burst = count >= threshold && !w.flagged;
                if (burst) {
                    w.flagged = true;
                }
            }
            if (burst) {
                out = add(
                        out,
                        new Anomaly(
                                BLOCKED_INTENT_BURST,
                                count + " blocked intents within a minute",
                                detail("blocked", count, "window_s", 60)));
            }
        }
        return out;
    }

    /** Forgets block windows that ended before {@code second}. */
    void sweep(long second) {
        blocks.entrySet().removeIf(e -> second - e.getValue().start >= 120);
    }

    private static List<Anomaly> add(List<Anomaly> list, Anomaly a) {
        List<Anomaly> out = list == null ? new ArrayList<>(2) : list;
        out.add(a);
        return out;
    }

    private static Map<String, Object> detail(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }
}
