package org.aiverse.core.internal;

import static org.aiverse.core.internal.Fixtures.exhibit;
import static org.aiverse.core.internal.Fixtures.greeting;
import static org.aiverse.core.internal.Fixtures.offer;
import static org.aiverse.core.internal.Fixtures.percept;
import static org.aiverse.core.internal.Fixtures.summarize;
import static org.aiverse.core.internal.Fixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;
import org.aiverse.contracts.percept.PerceptSource;
import org.aiverse.contracts.percept.PerceptType;
import org.junit.jupiter.api.Test;

class PerceptualAdapterTest {

    @Test
    void normalizesTheSimulatedWorldsPercepts() {
        assertThat(PerceptualAdapter.normalize(greeting("a")).kind()).isEqualTo(Stimulus.Kind.GREETING);
        assertThat(PerceptualAdapter.normalize(greeting("a")).actor()).isEqualTo("npc_42");
        assertThat(PerceptualAdapter.normalize(summarize("b")).kind()).isEqualTo(Stimulus.Kind.SUMMARY_REQUEST);
        Stimulus ex = PerceptualAdapter.normalize(exhibit("c"));
        assertThat(ex.kind()).isEqualTo(Stimulus.Kind.EXHIBIT_NEARBY);
        assertThat(ex.entity()).isEqualTo("exhibit_glow_fern");
        assertThat(PerceptualAdapter.normalize(task("d", "shop")).entity()).isEqualTo("shop");
        Stimulus o = PerceptualAdapter.normalize(offer("e", "glow_pin", "4.5"));
        assertThat(o.kind()).isEqualTo(Stimulus.Kind.OFFER);
        assertThat(o.price()).isEqualByComparingTo(new BigDecimal("4.50"));
        assertThat(PerceptualAdapter.normalize(percept(
                                "f",
                                PerceptType.WORLD_STATE,
                                PerceptSource.ENGINE,
                                Map.of("event", "arrived", "place", "shop", "x", 13, "z", 2)))
                        .kind())
                .isEqualTo(Stimulus.Kind.ARRIVED);
        assertThat(PerceptualAdapter.normalize(percept(
                                "g",
                                PerceptType.SYSTEM,
                                PerceptSource.SYSTEM,
                                Map.of("action_result", Map.of("intent_id", "i1", "ok", true))))
                        .kind())
                .isEqualTo(Stimulus.Kind.ACTION_RESULT);
    }

    @Test
    void dedupeKeyIgnoresIdTimeAndNumberSpelling() {
        assertThat(PerceptualAdapter.key(offer("a", "glow_pin", "4.5")))
                .isEqualTo(PerceptualAdapter.key(offer("b", "glow_pin", "4.50")));
        assertThat(PerceptualAdapter.key(greeting("a"))).isNotEqualTo(PerceptualAdapter.key(exhibit("a")));
    }
}
