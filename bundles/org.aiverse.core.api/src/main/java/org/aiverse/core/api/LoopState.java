package org.aiverse.core.api;

/** The states of the frozen decision loop (seed 3.2), with their wire names. */
public enum LoopState {
    IDLE("idle"),
    PERCEIVE("perceive"),
    REFLECT("reflect"),
    RETRIEVE_MEMORY("retrieve_memory"),
    DECIDE("decide"),
    POLICY_GATE("policy_gate"),
    EMIT_INTENT("emit_intent"),
    AWAIT_ENV("await_env"),
    INTEGRATE_FEEDBACK("integrate_feedback"),
    BLOCKED("blocked"),
    BACKOFF("backoff"),
    REVOKED("revoked"),
    TIMEOUT("timeout");

    private final String wire;

    LoopState(String wire) {
        this.wire = wire;
    }

    /** Returns the seed's name of the state. */
    public String wire() {
        return wire;
    }
}
