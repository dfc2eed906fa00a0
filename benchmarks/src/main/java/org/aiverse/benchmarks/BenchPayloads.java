package org.aiverse.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The realistic event payload every recorder and hashing benchmark measures, written once. */
public final class BenchPayloads {

    private BenchPayloads() {}

    /**
     * A recorded {@code speak} intent with trace ids, tags and non-ASCII text.
     *
     * @param intentId the intent's id
     * @param text the spoken text
     * @return a fresh, mutable payload
     */
    public static Map<String, Object> speakIntent(String intentId, String text) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("text", text);
        params.put("voice_profile", "calm_female_v2");
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("intent_id", intentId);
        payload.put("type", "speak");
        payload.put("target", "user");
        payload.put("confidence", 0.92);
        payload.put("params", params);
        payload.put("ts", 1712345678L);
        payload.put("meta", Map.of("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736", "span_id", "00f067aa0ba902b7"));
        payload.put("tags", List.of("gallery", "curator"));
        return payload;
    }
}
