package org.aiverse.adapter.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.aiverse.contracts.adapter.ActionResult;
import org.aiverse.contracts.adapter.AdapterErrorCode;
import org.aiverse.contracts.adapter.AdapterEvent;
import org.aiverse.contracts.adapter.AdapterEventType;
import org.aiverse.contracts.adapter.AdapterHandle;
import org.aiverse.contracts.adapter.AdapterHealth;
import org.aiverse.contracts.adapter.AdapterKind;
import org.aiverse.contracts.adapter.AdapterManifest;
import org.aiverse.contracts.intent.Intent;
import org.aiverse.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The frozen adapter contracts of seed 3.3, as the SDK implements them for every adapter. */
class AbstractAdapterTest {

    /** An engine whose actions the test finishes by hand. */
    static final class ScriptedAdapter extends AbstractAdapter<String> {
        final Map<String, CompletableFuture<Void>> actions = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> performs = new ConcurrentHashMap<>();
        final List<String> started = new ArrayList<>();
        final AtomicInteger aborts = new AtomicInteger();
        volatile int failuresBeforeSuccess;
        volatile boolean engineHeartbeats;

        ScriptedAdapter(AdapterSettings settings) {
            super(settings);
        }

        @Override
        protected String translate(Intent intent, SessionContext session) throws AdapterException {
            if ("nowhere".equals(intent.target())) {
                throw AdapterException.permanent(AdapterErrorCode.INVALID_TARGET, "no such target");
            }
            return intent.type() + "->" + intent.target();
        }

        @Override
        protected CompletionStage<Void> perform(
                String command, Intent intent, SessionContext session, Cancellation cancellation) {
            int n = performs.computeIfAbsent(intent.intentId(), k -> new AtomicInteger())
                    .incrementAndGet();
            synchronized (started) {
                started.add(intent.intentId());
            }
            cancellation.onCancel(aborts::incrementAndGet);
            if (n <= failuresBeforeSuccess) {
                return CompletableFuture.failedFuture(AdapterException.retryable(AdapterErrorCode.ENGINE_ERROR, "flaky")
                        .withFallback(intent("fb_" + intent.intentId(), "speak")));
            }
            return actions.computeIfAbsent(intent.intentId(), k -> new CompletableFuture<>());
        }

        @Override
        protected boolean expectsEngineHeartbeats() {
            return engineHeartbeats;
        }

        void finish(String intentId) {
            actions.computeIfAbsent(intentId, k -> new CompletableFuture<>()).complete(null);
        }
    }

    private final BlockingQueue<AdapterEvent> events = new LinkedBlockingQueue<>();
    private ScriptedAdapter adapter;

    private AdapterHandle spawn(AdapterSettings settings, String... requested) {
        adapter = new ScriptedAdapter(settings);
        return adapter.onSpawn(manifest(requested), events::add);
    }

    private static AdapterSettings settings() {
        return AdapterSettings.defaults("scripted", AdapterKind.WORLD, "1.0.0", Set.of("speak", "move", "animate"))
                .withRetries(3, Duration.ofMillis(1), Duration.ofMillis(5));
    }

    static AdapterManifest manifest(String... capabilities) {
        return Json.read(
                "{\"session_id\":\"sess_1\",\"world_id\":\"sim\",\"snapshot_id\":\"ps_1\",\"agent\":{\"id\":\"agent_1\","
                        + "\"capabilities\":" + Json.write(List.of(capabilities)) + "}}",
                AdapterManifest.class);
    }

    static Intent intent(String id, String type) {
        return new Intent(id, type, "user", 0.9, Map.of("text", "hello"), null);
    }

    private static ActionResult await(CompletionStage<ActionResult> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        if (adapter != null) {
            adapter.close();
        }
    }

    @Test
    void anIntentRunsOnceAndARepeatedIntentIdGetsTheSameOutcome() throws Exception {
        AdapterHandle h = spawn(settings(), "speak", "move");
        CompletionStage<ActionResult> first = h.execute(intent("i1", "speak"));
        CompletionStage<ActionResult> again = h.execute(intent("i1", "speak"));
        adapter.finish("i1");
        assertThat(await(first)).isEqualTo(ActionResult.success());
        assertThat(await(again)).isEqualTo(ActionResult.success());
        assertThat(await(h.execute(intent("i1", "speak")))).isEqualTo(ActionResult.success());
        assertThat(adapter.performs.get("i1")).hasValue(1);
    }

    @Test
    void capabilitiesAreTheManifestsRequestIntersectedWithTheAdapters() throws Exception {
        AdapterHandle h = spawn(settings(), "speak", "buyItem");
        assertThat(await(h.execute(intent("b1", "buyItem"))))
                .isEqualTo(ActionResult.failure(AdapterErrorCode.NOT_SUPPORTED));
        assertThat(await(h.execute(intent("m1", "move"))))
                .isEqualTo(ActionResult.failure(AdapterErrorCode.NOT_SUPPORTED));
        assertThat(adapter.performs).isEmpty();
    }

    @Test
    void intentsOfASessionRunOneAtATimeInOrderAndAFullQueueIsBusy() throws Exception {
        AdapterHandle h = spawn(settings().withQueueDepth(3), "speak");
        CompletionStage<ActionResult> a = h.execute(intent("a", "speak"));
        CompletionStage<ActionResult> b = h.execute(intent("b", "speak"));
        CompletionStage<ActionResult> c = h.execute(intent("c", "speak"));
        assertThat(await(h.execute(intent("d", "speak")))).isEqualTo(ActionResult.failure(AdapterErrorCode.BUSY));
        adapter.finish("a");
        await(a);
        adapter.finish("b");
        await(b);
        adapter.finish("c");
        await(c);
        assertThat(adapter.started).containsExactly("a", "b", "c");
        // once drained, the refused intent may be offered again
        CompletionStage<ActionResult> d = h.execute(intent("d", "speak"));
        adapter.finish("d");
        assertThat(await(d)).isEqualTo(ActionResult.success());
    }

    @Test
    void cancellingAQueuedIntentRemovesItAndCancellingARunningOneAbortsIt() throws Exception {
        AdapterHandle h = spawn(settings(), "speak");
        CompletionStage<ActionResult> running = h.execute(intent("r", "speak"));
        CompletionStage<ActionResult> queued = h.execute(intent("q", "speak"));
        h.cancel("q");
        assertThat(await(queued)).isEqualTo(ActionResult.failure(AdapterErrorCode.STOPPED));
        await("r to start", () -> adapter.performs.containsKey("r"));
        h.cancel("r");
        h.cancel("r");
        assertThat(await(running)).isEqualTo(ActionResult.failure(AdapterErrorCode.STOPPED));
        assertThat(adapter.aborts).hasValue(1);
        assertThat(adapter.performs).doesNotContainKey("q");
        List<AdapterEvent> stopped = drain(e -> e.type() == AdapterEventType.ERROR);
        assertThat(stopped).extracting(e -> e.payload().get("intent_id")).containsExactlyInAnyOrder("q", "r");
        assertThat(stopped).allSatisfy(e -> assertThat(e.payload()).containsEntry("code", "stopped"));
        h.cancel("never-seen");
    }

    @Test
    void retryableFailuresAreRetriedWithBackoffUpToTheCapThenFailWithTheFallback() throws Exception {
        AdapterHandle h = spawn(settings(), "speak");
        adapter.failuresBeforeSuccess = 2;
        CompletionStage<ActionResult> ok = h.execute(intent("x", "speak"));
        await(
                "the third attempt",
                () -> adapter.performs.get("x") != null
                        && adapter.performs.get("x").get() == 3);
        adapter.finish("x");
        ActionResult result = await(ok);
        assertThat(result.ok()).isTrue();
        assertThat(result.retries()).isEqualTo(2);

        adapter.failuresBeforeSuccess = 100;
        ActionResult failed = await(h.execute(intent("y", "speak")));
        assertThat(failed.ok()).isFalse();
        assertThat(failed.error()).isEqualTo(AdapterErrorCode.ENGINE_ERROR);
        assertThat(failed.retries()).isEqualTo(3);
        assertThat(failed.fallback().intentId()).isEqualTo("fb_y");
        assertThat(adapter.performs.get("y")).hasValue(4);
    }

    @Test
    void aPermanentTranslationFailureIsNotRetried() throws Exception {
        AdapterHandle h = spawn(settings(), "speak");
        Intent nowhere = new Intent("n", "speak", "nowhere", 0.5, Map.of(), null);
        assertThat(await(h.execute(nowhere))).isEqualTo(ActionResult.failure(AdapterErrorCode.INVALID_TARGET));
        assertThat(adapter.performs).isEmpty();
    }

    @Test
    void anAttemptPastItsTimeBudgetFailsWithTimeoutAndIsAborted() throws Exception {
        AdapterHandle h = spawn(settings().withExecuteTimeout(Duration.ofMillis(50)), "speak");
        ActionResult result = await(h.execute(intent("slow", "speak")));
        assertThat(result).isEqualTo(ActionResult.failure(AdapterErrorCode.TIMEOUT));
        assertThat(adapter.aborts).hasValue(1);
    }

    @Test
    void heartbeatsCarryHealthAndMetricsAndMissingEngineHeartbeatsDegrade() throws Exception {
        AdapterHandle h = spawn(settings().withHeartbeatInterval(Duration.ofMillis(30)), "speak");
        AdapterEvent beat = nextOf(AdapterEventType.SYSTEM);
        assertThat(beat.payload()).containsEntry("health", "ok");
        assertThat(Json.toMap(beat.payload().get("metrics"))).containsKeys("queue_depth", "exec_p90_ms");

        adapter.engineHeartbeats = true;
        await(
                "degraded after three missed engine heartbeats",
                () -> h.getState().orElseThrow().health() == AdapterHealth.DEGRADED);
        h.onEvent(new AdapterEvent(AdapterEventType.SYSTEM, Map.of("heartbeat", true), 0));
        assertThat(h.getState().orElseThrow().health()).isEqualTo(AdapterHealth.OK);
    }

    @Test
    void disposeStopsEverythingPendingAndRefusesLaterIntents() throws Exception {
        AdapterHandle h = spawn(settings(), "speak");
        CompletionStage<ActionResult> a = h.execute(intent("a", "speak"));
        CompletionStage<ActionResult> b = h.execute(intent("b", "speak"));
        h.dispose();
        assertThat(await(a)).isEqualTo(ActionResult.failure(AdapterErrorCode.STOPPED));
        assertThat(await(b)).isEqualTo(ActionResult.failure(AdapterErrorCode.STOPPED));
        assertThat(await(h.execute(intent("c", "speak")))).isEqualTo(ActionResult.failure(AdapterErrorCode.STOPPED));
        assertThat(adapter.sessions()).isEmpty();
    }

    @Test
    void backoffGrowsExponentiallyWithFullJitterUnderTheCap() {
        AdapterSettings s = settings().withRetries(5, Duration.ofMillis(100), Duration.ofMillis(1000));
        AdapterHandle h = spawn(s, "speak");
        SessionHandle<?> handle = (SessionHandle<?>) h;
        for (int i = 0; i < 200; i++) {
            assertThat(handle.backoffMillis(0)).isBetween(0L, 100L);
            assertThat(handle.backoffMillis(2)).isBetween(0L, 400L);
            assertThat(handle.backoffMillis(9)).isBetween(0L, 1000L);
        }
    }

    @Test
    void serviceObjectPropertiesDescribeTheAdapter() {
        spawn(settings(), "speak");
        assertThat(adapter.serviceProperties())
                .containsEntry("aiverse.adapter.id", "scripted")
                .containsEntry("aiverse.adapter.kind", "world")
                .containsEntry("aiverse.adapter.version", "1.0.0");
        assertThat((String[]) adapter.serviceProperties().get("aiverse.adapter.capabilities"))
                .containsExactly("animate", "move", "speak");
    }

    private AdapterEvent nextOf(AdapterEventType type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            AdapterEvent e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && e.type() == type) {
                return e;
            }
        }
        throw new AssertionError("no " + type + " event");
    }

    private List<AdapterEvent> drain(java.util.function.Predicate<AdapterEvent> which) {
        List<AdapterEvent> all = new ArrayList<>();
        events.drainTo(all);
        all.removeIf(which.negate());
        return all;
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        BlockingQueue<Object> never = new LinkedBlockingQueue<>();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            never.poll(10, TimeUnit.MILLISECONDS);
        }
    }
}
