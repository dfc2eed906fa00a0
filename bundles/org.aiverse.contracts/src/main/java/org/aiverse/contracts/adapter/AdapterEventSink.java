package org.aiverse.contracts.adapter;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where an adapter's handle emits its own {@link AdapterEvent}s for its session: health heartbeats every 5s,
 * world events and error telemetry (seed 3.3 Adapter Health &amp; Heartbeat). Implemented by the platform.
 */
@ProviderType
@FunctionalInterface
public interface AdapterEventSink {

    /** A sink that drops every event. */
    AdapterEventSink DISCARD = event -> {};

    /** Emits an event to the Core; never blocks, thread-safe. */
    void emit(AdapterEvent event);
}
