package org.aiverse.policy.api;

/**
 * The gate's metrics (seed 8.1): per-minute rates over the last 60 seconds, and totals since start. Only live
 * decisions count; dry-runs change nothing.
 *
 * @param policyBlockRate intents blocked in the last minute ({@code policy_block_rate}, count/min)
 * @param anomalyFlags anomaly flags raised in the last minute ({@code anomaly_flags}, count/min)
 * @param decisions live decisions since start
 * @param blocks live blocks since start
 * @param anomalies anomaly flags since start
 */
public record PolicyMetrics(long policyBlockRate, long anomalyFlags, long decisions, long blocks, long anomalies) {}
