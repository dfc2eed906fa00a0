package org.aiverse.contracts.api;

import org.aiverse.contracts.Checks;

/**
 * Tracing and correlation ids carried in {@code payload.meta} of WS frames and Session Events (seed 8.2, Frozen).
 *
 * @param traceId trace id ({@code trace_id}), required
 * @param spanId span of the operation ({@code span_id}); optional
 * @param parentSpanId parent span ({@code parent_span_id}); optional
 * @param corrId business correlation, e.g. the intent id ({@code corr_id}); optional
 */
public record TraceMeta(String traceId, String spanId, String parentSpanId, String corrId) {

    /** Validates. */
    public TraceMeta {
        Checks.requireNonBlank(traceId, "trace_id");
    }
}
