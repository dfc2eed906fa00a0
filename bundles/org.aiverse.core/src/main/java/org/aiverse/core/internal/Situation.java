package org.aiverse.core.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aiverse.contracts.memory.MemoryItem;
import org.aiverse.memory.api.ScoredMemory;

/**
 * What the behaviour decides on.
 *
 * @param stimulus the normalized percept
 * @param personaName the profile's name
 * @param tone the profile's tone weights (e.g. {@code formal}, {@code curious})
 * @param memories the retrieved memories, best first
 * @param sessionMemories the memories this session wrote so far, oldest first
 * @param capabilities the session's effective capabilities
 * @param suggested entities the loop already suggested in this session
 */
public record Situation(
        Stimulus stimulus,
        String personaName,
        Map<String, Double> tone,
        List<ScoredMemory> memories,
        List<MemoryItem> sessionMemories,
        Set<String> capabilities,
        Set<String> suggested) {

    /** A tone weight, 0 when the profile does not set it. */
    public double tone(String trait) {
        Double v = tone.get(trait);
        return v == null ? 0.0 : v;
    }
}
