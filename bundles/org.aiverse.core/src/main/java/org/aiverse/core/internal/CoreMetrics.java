package org.aiverse.core.internal;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.aiverse.policy.api.PolicyMetrics;

/**
 * The metrics catalog of seed 8.1 that the Core and its gate produce, in a Prometheus registry of its own, written
 * in the Prometheus text format: {@code intent_rate_per_min}, {@code policy_block_rate}, {@code anomaly_flags},
 * {@code decision_latency_ms} (quantiles 0.5, 0.9, 0.99), {@code backpressure_level} (highest over the sessions),
 * {@code session_length_s}, {@code takeover_events}, plus totals of emitted and blocked intents, timeouts, merged and
 * dropped percepts, and open sessions.
 */
public final class CoreMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Summary decisionLatency;
    private final Summary sessionLength;
    private final Counter emitted;
    private final Counter blocked;
    private final Counter takeovers;
    private final Counter timeouts;
    private volatile Supplier<? extends Collection<DecisionLoop>> sessions = List::of;

    /**
     * Builds the registry.
     *
     * @param gate the gate's live metrics, or a supplier of {@code null} when no gate is bound
     */
    public CoreMetrics(Supplier<PolicyMetrics> gate) {
        decisionLatency = Summary.builder()
                .name("decision_latency_ms")
                .help("Decision latency from perceive to emit_intent in milliseconds (seed 8.1)")
                .quantile(0.5, 0.01)
                .quantile(0.9, 0.005)
                .quantile(0.99, 0.001)
                .register(registry);
        sessionLength = Summary.builder()
                .name("session_length_s")
                .help("Duration of decision loops from open to close in seconds (seed 8.1)")
                .register(registry);
        emitted = Counter.builder()
                .name("intents_emitted")
                .help("Intents the Core emitted after the gate allowed them")
                .register(registry);
        blocked = Counter.builder()
                .name("intents_blocked")
                .help("Candidate intents the gate blocked")
                .register(registry);
        takeovers = Counter.builder()
                .name("takeover_events")
                .help("User takeovers and emergency stops (seed 8.1)")
                .register(registry);
        timeouts = Counter.builder()
                .name("await_env_timeouts")
                .help("Emitted intents whose result did not arrive within the soft timeout")
                .register(registry);
        GaugeWithCallback.builder()
                .name("intent_rate_per_min")
                .help("Intents emitted by the Core in the last minute (seed 8.1)")
                .callback(cb -> {
                    long sum = 0;
                    for (DecisionLoop l : sessions.get()) {
                        sum += l.intentsLastMinute();
                    }
                    cb.call(sum);
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("policy_block_rate")
                .help("Intents blocked by the policy gate in the last minute (seed 8.1)")
                .callback(cb -> {
                    PolicyMetrics m = gate.get();
                    cb.call(m == null ? 0 : m.policyBlockRate());
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("anomaly_flags")
                .help("Anomaly flags raised by the policy gate in the last minute (seed 8.1)")
                .callback(cb -> {
                    PolicyMetrics m = gate.get();
                    cb.call(m == null ? 0 : m.anomalyFlags());
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("backpressure_level")
                .help("Highest percept queue backpressure over the open sessions: 0 none, 1 soft, 2 hard (seed 8.1)")
                .callback(cb -> {
                    int max = 0;
                    for (DecisionLoop l : sessions.get()) {
                        max = Math.max(max, l.backpressure().level().gauge());
                    }
                    cb.call(max);
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("core_sessions")
                .help("Open decision loops")
                .callback(cb -> cb.call(sessions.get().size()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("percepts_merged")
                .help("Duplicate percepts merged in the open sessions' queues")
                .callback(cb -> {
                    long sum = 0;
                    for (DecisionLoop l : sessions.get()) {
                        sum += l.mergedPercepts();
                    }
                    cb.call(sum);
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("percepts_dropped")
                .help("Percepts dropped by full queues in the open sessions")
                .callback(cb -> {
                    long sum = 0;
                    for (DecisionLoop l : sessions.get()) {
                        sum += l.droppedPercepts();
                    }
                    cb.call(sum);
                })
                .register(registry);
    }

    void sessions(Supplier<? extends Collection<DecisionLoop>> open) {
        this.sessions = open;
    }

    void decision(double millis) {
        decisionLatency.observe(millis);
    }

    void emitted() {
        emitted.inc();
    }

    void blocked() {
        blocked.inc();
    }

    void takeover() {
        takeovers.inc();
    }

    void timeout() {
        timeouts.inc();
    }

    void sessionLength(double seconds) {
        sessionLength.observe(seconds);
    }

    /**
     * Returns the decision latency quantiles observed so far (0.5, 0.9, 0.99), in milliseconds, and the count.
     *
     * @return quantile to milliseconds; {@code -1.0} maps to the number of observations
     */
    public java.util.Map<Double, Double> decisionLatencyQuantiles() {
        java.util.Map<Double, Double> out = new java.util.LinkedHashMap<>();
        var points = decisionLatency.collect().getDataPoints();
        if (points.isEmpty()) {
            return out;
        }
        var p = points.get(0);
        for (var q : p.getQuantiles()) {
            out.put(q.getQuantile(), q.getValue());
        }
        out.put(-1.0, (double) p.getCount());
        return out;
    }

    /** The content type of {@link #write}. */
    public String contentType() {
        return writer.getContentType();
    }

    /** Writes every metric in the Prometheus text format. */
    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    /** Returns every metric in the Prometheus text format. */
    public String text() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
