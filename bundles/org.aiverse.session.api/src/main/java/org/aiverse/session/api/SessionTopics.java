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

    /** Every {@code intent} frame the session sends (with the engine command for engine-driven worlds). */
    public static String intents(String sessionId) {
        return "session." + sessionId + ".intent";
    }

    /** Every {@code event} the session receives or emits: percepts, action results, adapter events. */
    public static String events(String sessionId) {
        return "session." + sessionId + ".event";
    }

    /**
     * Commands to the owning node: {@code {"command":"pause|resume|terminate|stop", "reason"?, "pause"?}} and
     * percepts from a WS client connected to another node: {@code {"command":"percept", "percept":{...}}}.
     */
    public static String control(String sessionId) {
        return "session." + sessionId + ".control";
    }
}
