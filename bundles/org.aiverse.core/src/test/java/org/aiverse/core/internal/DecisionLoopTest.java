package org.aiverse.core.internal;

import static org.aiverse.core.internal.Fixtures.ALL_CAPS;
import static org.aiverse.core.internal.Fixtures.await;
import static org.aiverse.core.internal.Fixtures.exhibit;
import static org.aiverse.core.internal.Fixtures.greeting;
import static org.aiverse.core.internal.Fixtures.offer;
import static org.aiverse.core.internal.Fixtures.percept;
import static org.aiverse.core.internal.Fixtures.snapshot;
import static org.aiverse.core.internal.Fixtures.spec;
import static org.aiverse.core.internal.Fixtures.summarize;
import static org.aiverse.core.internal.Fixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aiverse.contracts.adapter.ActionResult;
import org.aiverse.contracts.intent.Intent;
import org.aiverse.contracts.intent.IntentTypes;
import org.aiverse.contracts.percept.Percept;
import org.aiverse.contracts.policy.ReasonCode;
import org.aiverse.core.api.CoreSession;
import org.aiverse.core.api.LoopState;
import org.junit.jupiter.api.Test;

class DecisionLoopTest {

    static List<Percept> script() {
        return List.of(
                greeting("p1"),
                exhibit("p2"),
                task("p3", "bioluminescent_gallery"),
                offer("p4", "glow_pin", "4.50"),
                offer("p5", "memory_book", "24.00"),
                summarize("p6"));
    }

    /** Runs the script and returns the emitted intents and the blocked ones. */
    static List<Object> run(long seed) {
        try (Fixtures.Harness h = new Fixtures.Harness()) {
            Fixtures.Sink sink = new Fixtures.Sink();
            CoreSession s =
                    h.core.open(spec("sess_det", snapshot("ps_1", Map.of("curious", 0.8)), seed, ALL_CAPS), sink);
            sink.session = s;
            for (Percept p : script()) {
                s.offer(p, null);
            }
            await(
                    "the script to be decided",
                    () -> sink.emitted.size() + sink.blocked.size() == 6 && s.state() == LoopState.IDLE);
            List<Object> out = new ArrayList<>(sink.emitted);
            sink.blocked.forEach(d -> out.add(d.intent()));
            return out;
        }
    }

    @Test
    void deterministicModeYieldsTheSameIntentsEveryRun() {
        List<Object> first = run(42L);
        assertThat(run(42L)).isEqualTo(first);
        assertThat(run(43L)).isNotEqualTo(first); // the seed drives the ids
    }

    @Test
    void reactsToTheSeedsPercepts() {
        try (Fixtures.Harness h = new Fixtures.Harness()) {
            Fixtures.Sink sink = new Fixtures.Sink();
            CoreSession s = h.core.open(
                    spec("sess_1", snapshot("ps_1", Map.of("curious", 0.8, "formal", 0.2)), 7L, ALL_CAPS), sink);
            sink.session = s;
            script().forEach(p -> s.offer(p, null));
            await("six decisions", () -> sink.emitted.size() + sink.blocked.size() == 6);
            List<Intent> e = sink.emitted;
            assertThat(e).hasSize(5);
            assertThat(e.get(0).type()).isEqualTo(IntentTypes.SPEAK);
            assertThat(e.get(0).target()).isEqualTo("npc_42");
            assertThat((String) e.get(0).params().get("text"))
                    .startsWith("Hello")
                    .contains("What is on display");
            assertThat(e.get(1).type()).isEqualTo(IntentTypes.SPEAK);
            assertThat(e.get(1).target()).isEqualTo("user");
            assertThat((String) e.get(1).params().get("text")).contains("glow fern");
            assertThat(e.get(2).type()).isEqualTo(IntentTypes.MOVE);
            assertThat(e.get(2).params()).containsEntry("waypoint", "bioluminescent_gallery");
            assertThat(e.get(3).type()).isEqualTo(IntentTypes.BUY_ITEM);
            assertThat(e.get(3).params()).containsEntry("item_id", "glow_pin");
            assertThat(sink.blocked).singleElement().satisfies(d -> {
                assertThat(d.intent().params()).containsEntry("item_id", "memory_book");
                assertThat(d.reasonCode()).isEqualTo(ReasonCode.BLOCKED_BUDGET);
            });
            assertThat(e.get(4).type()).isEqualTo(IntentTypes.SPEAK);
            assertThat((String) e.get(4).params().get("text"))
                    .startsWith("Here is our session so far")
                    .contains("Came close to the Glow fern")
                    .contains("Was asked to go to bioluminescent_gallery");
            assertThat(sink.traceparents)
                    .allSatisfy(t -> assertThat(Traceparent.parse(t)).isNotNull());
            assertThat(s.metrics().get("intents_emitted")).isEqualTo(5L);
            assertThat(s.metrics().get("intents_blocked")).isEqualTo(1L);
            assertThat(h.metrics.text()).contains("intents_emitted_total 5.0").contains("decision_latency_ms");
        }
    }

    @Test
    void decidesOnlyWithinCapabilities() {
        try (Fixtures.Harness h = new Fixtures.Harness()) {
            Fixtures.Sink sink = new Fixtures.Sink();
            CoreSession s = h.core.open(spec("sess_c", snapshot("ps_1", Map.of()), 1L, Set.of("speak")), sink);
            sink.session = s;
            s.offer(task("p1", "shop"), null);
            s.offer(offer("p2", "glow_pin", "4.50"), null);
            s.offer(greeting("p3"), null);
            await("the greeting reply", () -> sink.emitted.size() == 1);
            assertThat(sink.emitted.get(0).type()).isEqualTo("speak");
            s.capabilities(Set.of("speak", "move"));
            s.offer(task("p4", "shop"), null);
            await("the move", () -> sink.emitted.size() == 2);
            assertThat(sink.emitted.get(1).type()).isEqualTo("move");
            assertThat(sink.blocked).isEmpty();
        }
    }

    @Test
    void awaitsTheEnvironmentAndTimesOutSoftly() {
        LoopSettings settings = new LoopSettings(100, 500, 8000, 5000, 50, 0.4, 5, false, 0);
        try (Fixtures.Harness h = new Fixtures.Harness(CoreClock.SYSTEM, settings, null)) {
            Fixtures.Sink sink = new Fixtures.Sink();
            sink.autoComplete = false;
            CoreSession s = h.core.open(spec("sess_t", snapshot("ps_1", Map.of()), 1L, ALL_CAPS), sink);
            s.offer(greeting("p1"), null);
            s.offer(task("p2", "shop"), null);
            await("the first intent", () -> sink.emitted.size() == 1);
            assertThat(s.state()).isIn(LoopState.AWAIT_ENV, LoopState.TIMEOUT, LoopState.EMIT_INTENT);
            // no result: the soft timeout frees the loop and the next percept is decided
            await("the second intent after the timeout", () -> sink.emitted.size() == 2);
            assertThat(s.metrics().get("await_env_timeouts")).isEqualTo(1L);
            // a result for the pending one resumes the loop at once
            s.actionResult(sink.emitted.get(1).intentId(), ActionResult.success());
            await("the loop to idle", () -> s.state() == LoopState.IDLE);
        }
    }

    @Test
    void aPerceptThatArrivesWhileTheWorldActsIsNotStale() {
        Fixtures.ManualClock clock = new Fixtures.ManualClock();
        // percepts may wait 2 s for the loop; the world takes 10 s to perform the first intent
        LoopSettings settings = new LoopSettings(60_000, 500, 8000, 5000, 50, 0.4, 5, false, 2_000);
        try (Fixtures.Harness h = new Fixtures.Harness(clock, settings, null)) {
            Fixtures.Sink sink = new Fixtures.Sink();
            sink.autoComplete = false;
            CoreSession s = h.core.open(spec("sess_w", snapshot("ps_1", Map.of()), 1L, ALL_CAPS), sink);
            s.offer(greeting("p1"), null);
            await("the first intent", () -> sink.emitted.size() == 1);
            await("the loop to await the world", () -> s.state() == LoopState.AWAIT_ENV);
            clock.advanceMillis(1_000);
            s.offer(task("p2", "shop"), null); // the user asks while the AI still speaks
            clock.advanceMillis(9_000);
            s.actionResult(sink.emitted.get(0).intentId(), ActionResult.success());
            await("the answer to p2", () -> sink.emitted.size() == 2);
            assertThat(s.metrics().get("percepts_stale")).isEqualTo(0L);

            // while the loop is free, a percept that waits longer than 2 s is stale: the world moved on
            s.actionResult(sink.emitted.get(1).intentId(), ActionResult.success());
            await("the loop to idle", () -> s.state() == LoopState.IDLE);
            s.pause();
            s.offer(task("p3", "shop"), null);
            clock.advanceMillis(2_500);
            s.resume();
            await("p3 dropped as stale", () -> Long.valueOf(1L)
                    .equals(s.metrics().get("percepts_stale")));
            assertThat(sink.emitted).hasSize(2);
        }
    }

    @Test
    void haltSuppressesIntentsAtOnce() {
        try (Fixtures.Harness h = new Fixtures.Harness()) {
            Fixtures.Sink sink = new Fixtures.Sink();
            sink.autoComplete = false;
            CoreSession s = h.core.open(spec("sess_h", snapshot("ps_1", Map.of()), 1L, ALL_CAPS), sink);
            s.offer(greeting("p1"), null);
            await("the first intent", () -> sink.emitted.size() == 1);
            s.offer(task("p2", "shop"), null);
            s.halt("emergency_stop");
            assertThat(s.state()).isEqualTo(LoopState.REVOKED);
            int before = sink.emitted.size();
            s.actionResult(sink.emitted.get(0).intentId(), ActionResult.success());
            assertThat(s.offer(task("p3", "shop"), null).outcome()).isEqualTo(CoreSession.Outcome.DROPPED);
            assertThat(s.backpressure().queueDepth()).isZero();
            assertThat(sink.emitted).hasSize(before);
            assertThat(s.state()).isEqualTo(LoopState.REVOKED);
        }
    }

    @Test
    void pauseHoldsDecisionsAndCloseProposesOnce() {
        try (Fixtures.Harness h = new Fixtures.Harness()) {
            Fixtures.Sink sink = new Fixtures.Sink();
            CoreSession s = h.core.open(spec("sess_p", snapshot("ps_1", Map.of()), 1L, ALL_CAPS), sink);
            sink.session = s;
            s.pause();
            s.offer(greeting("p1"), null);
            assertThat(s.backpressure().queueDepth()).isEqualTo(1);
            assertThat(sink.emitted).isEmpty();
            s.resume();
            await("the reply", () -> sink.emitted.size() == 1);
            assertThat(h.core.session("sess_p")).containsSame(s);
            s.close();
            s.close();
            assertThat(h.closed).hasSize(1);
            assertThat(h.core.session("sess_p")).isEmpty();
            assertThat(h.closed.get(0).written()).extracting(m -> m.text()).containsExactly("npc_42 said: hello");
        }
    }

    @Test
    void openingTwiceIsRefused() {
        try (Fixtures.Harness h = new Fixtures.Harness()) {
            h.core.open(spec("sess_x", snapshot("ps_1", Map.of()), 1L, ALL_CAPS), new Fixtures.Sink());
            org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                            h.core.open(spec("sess_x", snapshot("ps_1", Map.of()), 1L, ALL_CAPS), new Fixtures.Sink()))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void rateLimitLeadsToBackoff() {
        try (Fixtures.Harness h = new Fixtures.Harness()) {
            Fixtures.Sink sink = new Fixtures.Sink();
            CoreSession s = h.core.open(spec("sess_r", snapshot("ps_1", Map.of()), 1L, ALL_CAPS), sink);
            sink.session = s;
            // speak is limited to 30 per minute by default: distinct chats, all high priority
            for (int i = 0; i < 40; i++) {
                s.offer(
                        percept(
                                "c" + i,
                                org.aiverse.contracts.percept.PerceptType.CHAT,
                                org.aiverse.contracts.percept.PerceptSource.NPC,
                                Map.of("text", "hello " + i, "speaker", "npc_42")),
                        null);
            }
            await("the rate block", () -> !sink.blocked.isEmpty());
            assertThat(sink.blocked.get(0).reasonCode()).isEqualTo(ReasonCode.RATE_LIMITED);
            assertThat(sink.emitted).hasSize(30);
            assertThat(s.state()).isEqualTo(LoopState.BACKOFF);
            assertThat(new BigDecimal("1")).isNotNull();
        }
    }
}
