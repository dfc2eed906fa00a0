package org.aiverse.session.api;

/**
 * The realtime bus addresses of a session (DESIGN §7): the node that owns a session publishes its frames on them,
 * so any node can observe it, and listens on {@link #control} so any node can drive it. Bodies are JSON.
 */
public final class SessionTopics {

    /** Every node announces the sessions it starts and ends here: {@code {session_id, node, state}}. */
    public static final String DIRECTORY = "session.directory";

    private SessionTopics() {}

    /** Lifecycle: every {@code state} frame of the session (seed 5.4 envelope). */
    public static String state(String sessionId) {
        return "session." + sessionId + ".state";
    }

    /** How long an {@code observe} command holds, unless it names its own {@code seconds} (at most 600). */
    public static final long OBSERVE_SECONDS = 30;

    /**
     * Every {@code intent} frame the session sends (with the engine command for engine-driven worlds), while some
     * node observes the session: see {@link #control}.
     */
    public static String intents(String sessionId) {
        return "session." + sessionId + ".intent";
    }

    /** Every {@code event} the session receives or emits (percepts, action results, adapter events), while observed. */
    public static String events(String sessionId) {
        return "session." + sessionId + ".event";
    }

    /**
     * Commands to the owning node: {@code {"command":"pause|resume|terminate|stop", "reason"?, "pause"?}} and
     * percepts from a WS client connected to another node: {@code {"command":"percept", "percept":{...}}}, and
     * {@code {"command":"observe", "seconds"?}}: publish the session's intents and events on {@link #intents} and
     * {@link #events} for that long (default {@link #OBSERVE_SECONDS}); an observer renews it before it lapses. The
     * owner answers on {@link #state} with the session's state and {@code observed_for_s}.
     * Frames are copied to the bus only while someone observes them.
     */
    public static String control(String sessionId) {
        return "session." + sessionId + ".control";
    }
}
