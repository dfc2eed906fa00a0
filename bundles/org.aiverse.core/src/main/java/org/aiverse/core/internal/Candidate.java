package org.aiverse.core.internal;

import java.util.Map;

/**
 * A candidate intent the behaviour proposes, before it gets an id and meets the gate.
 *
 * @param type the intent type
 * @param target the target
 * @param confidence the confidence in [0, 1]
 * @param params the params
 * @param usedMemory the id of the memory the decision relied on; {@code null} when none
 */
public record Candidate(String type, String target, double confidence, Map<String, Object> params, String usedMemory) {

    /** A copy with another {@code params.text}. */
    public Candidate withText(String text) {
        Map<String, Object> p = new java.util.LinkedHashMap<>(params);
        p.put("text", text);
        return new Candidate(type, target, confidence, p, usedMemory);
    }
}
