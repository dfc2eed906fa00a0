package org.aiverse.recorder.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aiverse.contracts.api.Highlight;
import org.aiverse.contracts.recorder.Actor;
import org.aiverse.contracts.recorder.EventType;
import org.aiverse.contracts.recorder.SessionEvent;
import org.junit.jupiter.api.Test;

/** Highlight scoring per seed 3.5: weights, features, cooldown, top_k and privacy exclusion. */
class HighlightsTest {

    private static SessionEvent event(long seq, long ts, Actor actor, EventType type, Map<String, Object> payload) {
        return new SessionEvent("s", seq, actor, type, payload, ts, null, null, null);
    }

    private static Map<String, Object> speak(String text) {
        return Map.of("type", "speak", "params", Map.of("text", text));
    }

    @Test
    void scoresAreTheWeightedSumOfTheFeaturesThatFired() {
        List<Highlight> h = Highlights.extract(
                List.of(
                        event(1, 100, Actor.AI, EventType.INTENT, speak("Hello, welcome! I love this!")),
                        event(2, 200, Actor.AI, EventType.POLICY_BLOCK, Map.of("reason_code", "blocked_budget")),
                        event(
                                3,
                                300,
                                Actor.SYSTEM,
                                EventType.PERCEPT,
                                Map.of("type", "world_state", "payload", Map.of("goal_progress", 1.0))),
                        event(
                                4,
                                400,
                                Actor.AI,
                                EventType.INTENT,
                                Map.of("type", "recall", "memory_refs", List.of(Map.of("id", "m1", "salience", 0.8))))),
                20);
        Highlight greeting = h.stream().filter(x -> x.seq() == 1).findFirst().orElseThrow();
        // sentiment: |2 positive - 0| * 0.4 = 0.8 (capped 1) + 2 '!' * 0.15 -> 1.0; novelty 1.0
        assertThat(greeting.label()).isEqualTo("greeting");
        assertThat(greeting.score()).isEqualTo(0.20 * 1.0 + 0.25 * 1.0);
        assertThat(greeting.features()).containsExactly("sentiment", "novelty");
        Highlight block = h.stream().filter(x -> x.seq() == 2).findFirst().orElseThrow();
        assertThat(block.label()).isEqualTo("policy_block");
        assertThat(block.score()).isEqualTo(0.20);
        assertThat(block.features()).containsExactly("policy_salience");
        Highlight goal = h.stream().filter(x -> x.seq() == 3).findFirst().orElseThrow();
        assertThat(goal.label()).isEqualTo("goal_progress");
        assertThat(goal.score()).isEqualTo(0.20);
        assertThat(goal.features()).containsExactly("goal_match");
        assertThat(h).noneMatch(x -> x.seq() == 4 && x.score() < Highlights.MIN_SCORE);
        assertThat(h).extracting(Highlight::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void repeatedTextIsNotNovel() {
        List<Highlight> h = Highlights.extract(
                List.of(
                        event(1, 100, Actor.AI, EventType.INTENT, speak("the same words")),
                        event(2, 200, Actor.AI, EventType.INTENT, speak("The same words"))),
                20);
        assertThat(h).extracting(Highlight::seq).containsExactly(1L);
    }

    @Test
    void cooldownKeepsTenSecondsBetweenHighlightsUnlessThePriorityIsHigh() {
        Map<String, Object> urgent = Map.of(
                "reason_code",
                "blocked_budget",
                "memory_refs",
                List.of(Map.of("pinned", true)),
                "type",
                "speak",
                "params",
                Map.of("text", "I hate this, stop!"));
        Map<String, Object> urgent2 = Map.of(
                "reason_code",
                "blocked_budget",
                "memory_refs",
                List.of(Map.of("pinned", true)),
                "type",
                "speak",
                "params",
                Map.of("text", "No, this is awful!"));
        List<SessionEvent> events = List.of(
                event(1, 100, Actor.AI, EventType.POLICY_BLOCK, urgent),
                event(2, 103, Actor.AI, EventType.POLICY_BLOCK, urgent2),
                event(3, 105, Actor.AI, EventType.INTENT, speak("a novel line")),
                event(4, 120, Actor.AI, EventType.INTENT, speak("another novel line")));
        List<Highlight> h = Highlights.extract(events, 20);
        assertThat(h.get(0).score()).isGreaterThan(Highlights.PRIORITY);
        assertThat(h).extracting(Highlight::seq).containsExactlyInAnyOrder(1L, 2L, 4L);
    }

    @Test
    void topKCapsTheHighlights() {
        List<SessionEvent> events = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            events.add(event(i, i * 20L, Actor.AI, EventType.INTENT, speak("novel line number " + i)));
        }
        assertThat(Highlights.extract(events, 20)).hasSize(20);
        assertThat(Highlights.extract(events, 3)).hasSize(3);
    }

    @Test
    void eventsLinkedToNonExportableMemoriesAreNeverHighlights() {
        List<Highlight> h = Highlights.extract(
                List.of(
                        event(
                                1,
                                100,
                                Actor.AI,
                                EventType.POLICY_BLOCK,
                                Map.of(
                                        "reason_code",
                                        "privacy_violation",
                                        "memory_refs",
                                        List.of(Map.of("id", "m1", "exportable", false)))),
                        event(
                                2,
                                200,
                                Actor.AI,
                                EventType.INTENT,
                                Map.of(
                                        "type",
                                        "speak",
                                        "params",
                                        Map.of("text", "hello!"),
                                        "privacy",
                                        Map.of("exportable", false)))),
                20);
        assertThat(h).isEmpty();
    }
}
