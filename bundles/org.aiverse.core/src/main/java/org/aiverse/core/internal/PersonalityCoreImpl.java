package org.aiverse.core.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.aiverse.core.api.CoreSession;
import org.aiverse.core.api.CoreSessionSpec;
import org.aiverse.core.api.IntentSink;
import org.aiverse.core.api.PersonalityCore;
import org.aiverse.policy.api.PolicyContext;

/**
 * The Personality Core without OSGi: opens one {@link DecisionLoop} per session on the shared services; a closed
 * loop leaves the table and is handed to {@code onClose} (the learning updater).
 */
public final class PersonalityCoreImpl implements PersonalityCore {

    private final LoopServices services;
    private final Consumer<DecisionLoop> onClose;
    private final Map<String, DecisionLoop> loops = new ConcurrentHashMap<>();

    /**
     * Builds the Core.
     *
     * @param services what the loops share
     * @param onClose called (on the closing thread) with each closed loop
     */
    public PersonalityCoreImpl(LoopServices services, Consumer<DecisionLoop> onClose) {
        this.services = services;
        this.onClose = onClose;
        services.metrics().sessions(loops::values);
    }

    /**
     * Builds a Core that proposes nothing on close (benchmarks, tests).
     *
     * @param services what the loops share
     */
    public PersonalityCoreImpl(LoopServices services) {
        this(services, loop -> {});
    }

    @Override
    public CoreSession open(CoreSessionSpec spec, IntentSink sink) {
        if (loops.containsKey(spec.sessionId())) {
            throw new IllegalStateException("a decision loop for " + spec.sessionId() + " is open");
        }
        // the gate's context is built once per session: effective policy, scopes, protected memories
        PolicyContext context =
                services.gate().context(spec.snapshot(), spec.scopes(), spec.sessionId(), spec.worldId(), spec.mode());
        if (services.memory() != null) {
            // the index is (re)loaded here, on the opening thread: the loop's retrievals then do no I/O
            services.memory().reload(spec.snapshot().id());
        }
        DecisionLoop loop = new DecisionLoop(spec, sink, context, services, l -> {
            loops.remove(l.sessionId(), l);
            onClose.accept(l);
        });
        if (loops.putIfAbsent(spec.sessionId(), loop) != null) {
            throw new IllegalStateException("a decision loop for " + spec.sessionId() + " is open");
        }
        return loop;
    }

    @Override
    public Optional<CoreSession> session(String sessionId) {
        return Optional.ofNullable(loops.get(sessionId));
    }

    @Override
    public Collection<CoreSession> sessions() {
        return List.copyOf(loops.values());
    }

    /** Closes every loop (shutdown). */
    public void closeAll() {
        for (DecisionLoop l : List.copyOf(loops.values())) {
            l.close();
        }
    }
}
