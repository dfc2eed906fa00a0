package org.aiverse.session.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aiverse.contracts.percept.Percept;
import org.aiverse.json.Json;
import org.junit.jupiter.api.Test;

class PerceptMapTest {

    @Test
    void mapsAPerceptAsItsJsonMappingDoes() {
        // as a percept arrives: read from a frame's JSON text
        String frame = "{\"id\":\"p_1\",\"type\":\"chat\",\"source\":\"user\",\"ts\":1712345678,"
                + "\"payload\":{\"text\":\"Tell me about picture 7\",\"speaker\":\"bench\",\"n\":3,\"x\":0.25,"
                + "\"big\":12345678901234,\"none\":null,\"list\":[1,\"a\",{\"k\":true}],\"nested\":{\"a\":{\"b\":[]}}}}";
        Percept read = Json.read(frame, Percept.class);
        Map<String, Object> payload = new HashMap<>();
        payload.put("entity", "npc_42");
        payload.put("distance", 1.5);
        payload.put("none", null);
        List<Object> list = new ArrayList<>(List.of(1, 2L));
        payload.put("list", list);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736");
        payload.put("meta", meta);
        Percept built = new Percept(
                "p_2",
                org.aiverse.contracts.percept.PerceptType.PROXIMITY,
                org.aiverse.contracts.percept.PerceptSource.ENGINE,
                payload,
                7);
        // read from JSON: the same map, value for value
        assertThat(LiveSession.perceptMap(read)).isEqualTo(Json.toMap(read));
        for (Percept p : List.of(read, built)) {
            Map<String, Object> direct = LiveSession.perceptMap(p);
            Map<String, Object> viaJson = Json.toMap(p);
            assertThat(direct.keySet()).containsExactlyElementsOf(viaJson.keySet());
            // built in code: an Integer stays one (the round trip made it a Long), the JSON is the same
            assertThat(Json.write(direct)).isEqualTo(Json.write(viaJson));
        }
    }
}
