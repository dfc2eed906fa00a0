package org.aiverse.core.internal;

/** Decides what to do about a stimulus ({@code decide} step). Implementations are deterministic and fast. */
public interface Behaviour {

    /**
     * Proposes at most one candidate intent.
     *
     * @param situation the stimulus, the persona, the memories
     * @return the candidate, or {@code null} to do nothing
     */
    Candidate decide(Situation situation);
}
