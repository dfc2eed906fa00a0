package org.aiverse.contracts.adapter;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The adapter SPI (seed 3.3 Adapter SDK, Frozen): an environment bridge (simulated world, WebXR, Unity, Unreal,
 * headset) registered as an OSGi whiteboard service with the {@code PROP_*} service properties (DESIGN §6).
 *
 * <p>An adapter is a factory of session-bound {@link AdapterHandle}s: {@code onSpawn} initializes the
 * resources of one session; the other lifecycle calls of the seed ({@code onEvent}, {@code execute},
 * {@code cancel}, {@code getState}, {@code dispose}) go to the handle. The Core spawns through
 * {@link #onSpawn(AdapterManifest, AdapterEventSink)}, which gives the handle a sink for the events the adapter
 * emits itself (heartbeats, world percepts, error telemetry); adapters that emit events override it, and
 * implement the frozen one-argument form as {@code onSpawn(manifest, AdapterEventSink.DISCARD)}.
 */
@ConsumerType
public interface Adapter {

    /** Service property: the adapter's id (String), e.g. {@code webxr_default}. */
    String PROP_ID = "aiverse.adapter.id";
    /** Service property: {@code adapter|world|headset} (String, see {@link AdapterKind}). */
    String PROP_KIND = "aiverse.adapter.kind";
    /** Service property: the adapter's SemVer (String). */
    String PROP_VERSION = "aiverse.adapter.version";
    /** Service property: the contract version it implements (String, see ContractVersion). */
    String PROP_CONTRACT_VERSION = "aiverse.adapter.contract.version";
    /** Service property: its capabilities (String[] of intent types). */
    String PROP_CAPABILITIES = "aiverse.adapter.capabilities";
    /**
     * Service property, optional: the health the adapter reports of itself ({@code ok|degraded|error}, see
     * AdapterHealth), e.g. {@code error} when the device or runtime it drives is unavailable. The registry shows the
     * worse of this and the last heartbeat.
     */
    String PROP_HEALTH = "aiverse.adapter.health";
    /** Service property, optional: why the adapter is not ok (String), e.g. the device's error code. */
    String PROP_HEALTH_REASON = "aiverse.adapter.health.reason";

    /**
     * Initializes session-bound resources (seed 3.3 {@code onSpawn(manifest) -> AdapterHandle}). Must return
     * quickly; slow work continues asynchronously, reporting through events.
     *
     * @throws org.aiverse.contracts.ValidationException when the manifest cannot be served
     */
    AdapterHandle onSpawn(AdapterManifest manifest);

    /**
     * Initializes session-bound resources and gives them a sink for the adapter's own events. The Core always
     * calls this form; the default ignores the sink.
     */
    default AdapterHandle onSpawn(AdapterManifest manifest, AdapterEventSink events) {
        return onSpawn(manifest);
    }
}
