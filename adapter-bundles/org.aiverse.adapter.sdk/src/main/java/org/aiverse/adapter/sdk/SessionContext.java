package org.aiverse.adapter.sdk;

import java.time.Clock;
import java.util.Set;
import org.aiverse.contracts.adapter.AdapterEvent;
import org.aiverse.contracts.adapter.AdapterEventSink;
import org.aiverse.contracts.adapter.AdapterManifest;

/** One session as an adapter sees it: its manifest, its effective capabilities and the way back to the Core. */
public final class SessionContext {

    private final AdapterManifest manifest;
    private final Set<String> capabilities;
    private final AdapterEventSink sink;
    private final Clock clock;
    private volatile long lastEngineBeatNanos = System.nanoTime();

    SessionContext(AdapterManifest manifest, Set<String> capabilities, AdapterEventSink sink, Clock clock) {
        this.manifest = manifest;
        this.capabilities = Set.copyOf(capabilities);
        this.sink = sink;
        this.clock = clock;
    }

    /** The manifest the session was spawned with (seed 3.3). */
    public AdapterManifest manifest() {
        return manifest;
    }

    /** The session id. */
    public String sessionId() {
        return manifest.sessionId();
    }

    /**
     * The effective capabilities: what the manifest asks for intersected with what the adapter offers (DESIGN §6).
     * Intents of other types are answered {@code not_supported} before they reach the adapter.
     */
    public Set<String> capabilities() {
        return capabilities;
    }

    /** Sends an event to the Core (a world percept, telemetry); never blocks. */
    public void emit(AdapterEvent event) {
        sink.emit(event);
    }

    /** Records that the engine behind this session showed it is alive (a heartbeat or any message). */
    public void engineAlive() {
        lastEngineBeatNanos = System.nanoTime();
    }

    /** Nanoseconds since the engine last showed it is alive. */
    long nanosSinceEngineBeat() {
        return System.nanoTime() - lastEngineBeatNanos;
    }

    /** Now, in Unix seconds, on the adapter's clock. */
    public long nowSeconds() {
        return clock.instant().getEpochSecond();
    }
}
