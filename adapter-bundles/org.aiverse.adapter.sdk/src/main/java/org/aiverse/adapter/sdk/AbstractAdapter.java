package org.aiverse.adapter.sdk;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.aiverse.contracts.adapter.Adapter;
import org.aiverse.contracts.adapter.AdapterEvent;
import org.aiverse.contracts.adapter.AdapterEventSink;
import org.aiverse.contracts.adapter.AdapterHandle;
import org.aiverse.contracts.adapter.AdapterManifest;
import org.aiverse.contracts.intent.Intent;
import org.aiverse.contracts.version.ContractVersion;

/**
 * The base of every adapter. It implements the frozen contracts of seed 3.3 once, per session: idempotency by
 * {@code intent_id}, a bounded queue ({@code busy} when full), capability negotiation ({@code not_supported}),
 * the cancellation rules with {@code stopped} telemetry, a time budget per attempt ({@code timeout}),
 * exponential backoff with full jitter and a retry cap, fallback intents, heartbeats with the health model, and
 * translate/execute timings. An adapter author writes only {@link #translate} and {@link #perform}.
 *
 * <p>Intents of one session run one at a time, in the order they arrived; sessions run independently. Register
 * the adapter as an OSGi service of {@link Adapter} with {@link #serviceProperties()} and call {@link #close()}
 * when the component deactivates.
 *
 * @param <C> the engine command an intent translates to
 */
public abstract class AbstractAdapter<C> implements Adapter, AutoCloseable {

    private final AdapterSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Set<SessionHandle<C>> sessions = ConcurrentHashMap.newKeySet();

    protected AbstractAdapter(AdapterSettings settings) {
        this(settings, Clock.systemUTC());
    }

    protected AbstractAdapter(AdapterSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "aiverse-adapter-" + settings.id() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // every execute arms a time budget and cancels it when the action completes: without this a cancelled budget
        // stayed queued until its deadline, tens of thousands of them under load, promoted and copied by the GC
        timers.setRemoveOnCancelPolicy(true);
        this.scheduler = timers;
    }

    /** What this adapter is and how it runs. */
    public final AdapterSettings settings() {
        return settings;
    }

    /** The adapter's scheduler, for actions that complete later (an engine's timing, a simulated duration). */
    protected final ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** The service properties to register this adapter with (DESIGN §6). */
    public final Map<String, Object> serviceProperties() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(PROP_ID, settings.id());
        props.put(PROP_KIND, settings.kind().wire());
        props.put(PROP_VERSION, settings.version());
        props.put(PROP_CONTRACT_VERSION, ContractVersion.CURRENT);
        props.put(PROP_CAPABILITIES, settings.capabilities().stream().sorted().toArray(String[]::new));
        return props;
    }

    @Override
    public final AdapterHandle onSpawn(AdapterManifest manifest) {
        return onSpawn(manifest, AdapterEventSink.DISCARD);
    }

    @Override
    public final AdapterHandle onSpawn(AdapterManifest manifest, AdapterEventSink events) {
        Set<String> effective = new LinkedHashSet<>(manifest.agent().capabilities());
        effective.retainAll(settings.capabilities());
        SessionContext context = new SessionContext(manifest, effective, events, clock);
        SessionHandle<C> handle = new SessionHandle<>(this, context, scheduler);
        sessions.add(handle);
        onSessionStart(context);
        handle.start();
        return handle;
    }

    /** The sessions this adapter serves now. */
    public final List<AdapterHandle> sessions() {
        return List.copyOf(sessions);
    }

    void released(SessionHandle<C> handle) {
        sessions.remove(handle);
        onSessionStop(handle.context());
    }

    /**
     * Translates an intent into this engine's command (seed 3.3 event mapping). Must be quick and free of side
     * effects; timed as {@code translate}.
     *
     * @throws AdapterException with {@code invalid_target} or {@code not_supported} when it cannot be carried
     */
    protected abstract C translate(Intent intent, SessionContext session) throws AdapterException;

    /**
     * Performs a translated command; the stage completes when the engine reports the action done, or
     * exceptionally with an {@link AdapterException}. Timed as {@code execute}, bounded by the settings' time
     * budget. When {@code cancellation} fires, abort if the engine can, and in any case cause no further effect.
     */
    protected abstract CompletionStage<Void> perform(
            C command, Intent intent, SessionContext session, Cancellation cancellation);

    /** A session starts (after {@code onSpawn}); spawn the agent in the world here. */
    protected void onSessionStart(SessionContext session) {}

    /** An engine or world event arrived for a session. */
    protected void onSessionEvent(SessionContext session, AdapterEvent event) {}

    /** A session ended ({@code dispose}); release what it held. */
    protected void onSessionStop(SessionContext session) {}

    /**
     * Whether an engine on the other side must show it is alive (call {@link SessionContext#engineAlive()}); if
     * it misses three heartbeat intervals, the adapter reports itself {@code degraded} (seed 3.3).
     */
    protected boolean expectsEngineHeartbeats() {
        return false;
    }

    /** Disposes every session and stops the adapter's threads. */
    @Override
    public void close() {
        for (SessionHandle<C> s : sessions) {
            s.dispose();
        }
        scheduler.shutdownNow();
    }
}
