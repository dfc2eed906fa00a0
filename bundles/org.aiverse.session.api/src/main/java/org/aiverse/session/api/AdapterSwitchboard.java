package org.aiverse.session.api;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Which adapter version each session is bound to, and the operator's hand on it (DESIGN §6 hot swap): plan or
 * perform a move of an adapter's sessions to one version, and the health of every installed version.
 */
@ProviderType
public interface AdapterSwitchboard {

    /**
     * What moving the sessions of an adapter to a version would do, without doing it.
     *
     * @throws java.util.NoSuchElementException when that version is not installed
     */
    SwapPlan plan(String adapterId, String version);

    /**
     * Pins the adapter to a version and moves its sessions there at a safe point; a refused plan changes nothing.
     *
     * @throws java.util.NoSuchElementException when that version is not installed
     */
    SwapPlan swap(String adapterId, String version);

    /** Removes the pin: sessions follow the highest compatible version again. */
    void unpin(String adapterId);

    /** Every installed adapter version with its health and the sessions bound to it. */
    List<VersionHealth> health();

    /**
     * A planned move.
     *
     * @param adapterId the adapter
     * @param version the target version
     * @param added capabilities the target has and the bound versions lack
     * @param removed capabilities the bound versions have and the target lacks
     * @param sessions the sessions that would move (bound elsewhere, or to nothing)
     * @param refused why the target cannot be used (its contract range does not fit), or {@code null}
     */
    record SwapPlan(
            String adapterId,
            String version,
            List<String> added,
            List<String> removed,
            List<String> sessions,
            String refused) {

        /** Copies. */
        public SwapPlan {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
            sessions = List.copyOf(sessions);
        }
    }

    /**
     * One installed adapter version.
     *
     * @param adapterId the adapter
     * @param version its version
     * @param bundle the bundle providing it
     * @param state {@code ok|degraded|error}: the worst state of its handles ({@code ok} when none)
     * @param queueDepth intents queued across its handles
     * @param executeP90Ms the highest execute p90 of its handles
     * @param missedHeartbeats the most heartbeats any of its handles missed
     * @param sessions the sessions bound to it
     * @param pinned whether the operator pinned the adapter to this version
     * @param refused why it is refused (contract range), or {@code null}
     * @param metrics further per-version figures
     */
    record VersionHealth(
            String adapterId,
            String version,
            String bundle,
            String state,
            long queueDepth,
            double executeP90Ms,
            long missedHeartbeats,
            List<String> sessions,
            boolean pinned,
            String refused,
            Map<String, Object> metrics) {

        /** Copies. */
        public VersionHealth {
            sessions = List.copyOf(sessions);
            metrics = Map.copyOf(metrics);
        }
    }
}
