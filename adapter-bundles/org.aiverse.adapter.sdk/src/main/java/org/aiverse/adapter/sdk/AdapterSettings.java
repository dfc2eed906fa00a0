package org.aiverse.adapter.sdk;

import java.time.Duration;
import java.util.Set;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.adapter.AdapterKind;

/**
 * What an adapter is and how the SDK runs it.
 *
 * @param id the adapter id, e.g. {@code sim}
 * @param kind {@code adapter|world|headset}
 * @param version the adapter's SemVer
 * @param capabilities the intent types it can carry (seed 3.3 capability matrix)
 * @param queueDepth how many intents one session may have queued or executing before {@code busy}
 * @param executeTimeout the time budget of one attempt; past it the attempt fails with {@code timeout}
 * @param maxRetries retries after a retryable failure (exponential backoff with full jitter)
 * @param backoffBase the first backoff step
 * @param backoffMax the largest backoff step
 * @param heartbeatInterval how often the adapter emits its health (seed: 5 s)
 */
public record AdapterSettings(
        String id,
        AdapterKind kind,
        String version,
        Set<String> capabilities,
        int queueDepth,
        Duration executeTimeout,
        int maxRetries,
        Duration backoffBase,
        Duration backoffMax,
        Duration heartbeatInterval) {

    /** Validates and copies. */
    public AdapterSettings {
        Checks.requireNonBlank(id, "id");
        Checks.requireNonNull(kind, "kind");
        Checks.requireNonBlank(version, "version");
        capabilities = Set.copyOf(capabilities == null ? Set.of() : capabilities);
        Checks.requireRange(queueDepth, 1, 100_000, "queue_depth");
        Checks.requireNonNull(executeTimeout, "execute_timeout");
        Checks.requireRange(maxRetries, 0, 20, "max_retries");
        Checks.requireNonNull(backoffBase, "backoff_base");
        Checks.requireNonNull(backoffMax, "backoff_max");
        Checks.requireNonNull(heartbeatInterval, "heartbeat_interval");
    }

    /** The seed's defaults: queue of 100, 5 s per attempt, 3 retries from 100 ms up to 2 s, heartbeat every 5 s. */
    public static AdapterSettings defaults(String id, AdapterKind kind, String version, Set<String> capabilities) {
        return new AdapterSettings(
                id,
                kind,
                version,
                capabilities,
                100,
                Duration.ofSeconds(5),
                3,
                Duration.ofMillis(100),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5));
    }

    /** A copy with another heartbeat interval. */
    public AdapterSettings withHeartbeatInterval(Duration interval) {
        return new AdapterSettings(
                id,
                kind,
                version,
                capabilities,
                queueDepth,
                executeTimeout,
                maxRetries,
                backoffBase,
                backoffMax,
                interval);
    }

    /** A copy with another time budget per attempt. */
    public AdapterSettings withExecuteTimeout(Duration timeout) {
        return new AdapterSettings(
                id,
                kind,
                version,
                capabilities,
                queueDepth,
                timeout,
                maxRetries,
                backoffBase,
                backoffMax,
                heartbeatInterval);
    }

    /** A copy with another retry policy. */
    public AdapterSettings withRetries(int retries, Duration base, Duration max) {
        return new AdapterSettings(
                id, kind, version, capabilities, queueDepth, executeTimeout, retries, base, max, heartbeatInterval);
    }

    /** A copy with another queue depth. */
    public AdapterSettings withQueueDepth(int depth) {
        return new AdapterSettings(
                id,
                kind,
                version,
                capabilities,
                depth,
                executeTimeout,
                maxRetries,
                backoffBase,
                backoffMax,
                heartbeatInterval);
    }
}
