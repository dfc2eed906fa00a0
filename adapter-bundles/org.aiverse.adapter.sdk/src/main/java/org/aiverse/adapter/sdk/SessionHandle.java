package org.aiverse.adapter.sdk;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.aiverse.contracts.adapter.ActionResult;
import org.aiverse.contracts.adapter.AdapterErrorCode;
import org.aiverse.contracts.adapter.AdapterEvent;
import org.aiverse.contracts.adapter.AdapterEventType;
import org.aiverse.contracts.adapter.AdapterHandle;
import org.aiverse.contracts.adapter.AdapterHealth;
import org.aiverse.contracts.adapter.AdapterState;
import org.aiverse.contracts.intent.Intent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One session of an adapter: the SDK's implementation of the frozen lifecycle. */
final class SessionHandle<C> implements AdapterHandle {

    private static final Logger LOG = LoggerFactory.getLogger(SessionHandle.class);
    /** How many outcomes are remembered for idempotency. */
    private static final int REMEMBERED = 10_000;

    private static final double DEGRADED_QUEUE_SHARE = 0.8;
    private static final double DEGRADED_EXEC_P90_MS = 500;

    private final AbstractAdapter<C> adapter;
    private final SessionContext context;
    private final ScheduledExecutorService scheduler;
    private final AdapterSettings settings;
    private final LatencyWindow translateTimes = new LatencyWindow(512);
    private final LatencyWindow executeTimes = new LatencyWindow(512);

    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<Task> queue = new ArrayDeque<>();
    private final Map<String, CompletableFuture<ActionResult>> outcomes = new LinkedHashMap<>(256, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<ActionResult>> eldest) {
            return size() > REMEMBERED && eldest.getValue().isDone();
        }
    };
    private Task running;
    private boolean disposed;
    private ScheduledFuture<?> heartbeat;

    SessionHandle(AbstractAdapter<C> adapter, SessionContext context, ScheduledExecutorService scheduler) {
        this.adapter = adapter;
        this.context = context;
        this.scheduler = scheduler;
        this.settings = adapter.settings();
    }

    SessionContext context() {
        return context;
    }

    void start() {
        long every = settings.heartbeatInterval().toMillis();
        heartbeat = scheduler.scheduleAtFixedRate(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public String sessionId() {
        return context.sessionId();
    }

    @Override
    public void onEvent(AdapterEvent event) {
        context.engineAlive();
        adapter.onSessionEvent(context, event);
    }

    @Override
    public CompletionStage<ActionResult> execute(Intent intent) {
        lock.lock();
        try {
            CompletableFuture<ActionResult> known = outcomes.get(intent.intentId());
            if (known != null) {
                return known.minimalCompletionStage();
            }
            if (disposed) {
                return CompletableFuture.completedStage(ActionResult.failure(AdapterErrorCode.STOPPED));
            }
            if (!context.capabilities().contains(intent.type())) {
                CompletableFuture<ActionResult> refused =
                        CompletableFuture.completedFuture(ActionResult.failure(AdapterErrorCode.NOT_SUPPORTED));
                outcomes.put(intent.intentId(), refused);
                return refused.minimalCompletionStage();
            }
            if (depth() >= settings.queueDepth()) {
                // not remembered: the same intent may be offered again once the queue drains
                return CompletableFuture.completedStage(ActionResult.failure(AdapterErrorCode.BUSY));
            }
            Task task = new Task(intent);
            outcomes.put(intent.intentId(), task.result);
            queue.addLast(task);
            startNextLocked();
            return task.result.minimalCompletionStage();
        } finally {
            lock.unlock();
        }
    }

    private int depth() {
        return queue.size() + (running == null ? 0 : 1);
    }

    private void startNextLocked() {
        if (running != null || disposed) {
            return;
        }
        Task next = queue.pollFirst();
        if (next != null) {
            running = next;
            scheduler.execute(() -> attempt(next, 0));
        }
    }

    private void attempt(Task task, int retriesSoFar) {
        if (task.isCancelled()) {
            release(task);
            return;
        }
        long t0 = System.nanoTime();
        C command;
        try {
            command = adapter.translate(task.intent, context);
        } catch (AdapterException e) {
            failed(task, e, retriesSoFar);
            return;
        } catch (RuntimeException e) {
            LOG.warn("translate of {} failed in adapter {}", task.intent.intentId(), settings.id(), e);
            failed(task, AdapterException.permanent(AdapterErrorCode.ENGINE_ERROR, e.toString()), retriesSoFar);
            return;
        }
        translateTimes.add(System.nanoTime() - t0);
        long e0 = System.nanoTime();
        CompletableFuture<Void> outcome = new CompletableFuture<>();
        ScheduledFuture<?> budget = scheduler.schedule(
                () -> outcome.completeExceptionally(
                        AdapterException.permanent(AdapterErrorCode.TIMEOUT, "time budget exceeded")),
                settings.executeTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            adapter.perform(command, task.intent, context, task).whenComplete((v, err) -> {
                if (err == null) {
                    outcome.complete(null);
                } else {
                    outcome.completeExceptionally(err);
                }
            });
        } catch (RuntimeException e) {
            outcome.completeExceptionally(e);
        }
        outcome.whenComplete((v, err) -> {
            budget.cancel(false);
            executeTimes.add(System.nanoTime() - e0);
            if (task.isCancelled()) {
                release(task);
            } else if (err == null) {
                complete(
                        task,
                        retriesSoFar == 0 ? ActionResult.success() : new ActionResult(true, null, retriesSoFar, null));
            } else {
                AdapterException failure = asAdapterException(err);
                if (failure.code() == AdapterErrorCode.TIMEOUT) {
                    task.cancel(); // cease further side effects of the overrun attempt
                }
                failed(task, failure, retriesSoFar);
            }
        });
    }

    private static AdapterException asAdapterException(Throwable err) {
        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        if (t instanceof AdapterException a) {
            return a;
        }
        return AdapterException.retryable(AdapterErrorCode.ENGINE_ERROR, t.toString());
    }

    private void failed(Task task, AdapterException e, int retriesSoFar) {
        if (e.retryable() && retriesSoFar < settings.maxRetries() && !task.isCancelled()) {
            long delay = backoffMillis(retriesSoFar);
            scheduler.schedule(() -> attempt(task, retriesSoFar + 1), delay, TimeUnit.MILLISECONDS);
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("code", e.code().wire());
        payload.put("intent_id", task.intent.intentId());
        if (e.getMessage() != null) {
            payload.put("message", e.getMessage());
        }
        context.emit(new AdapterEvent(AdapterEventType.ERROR, payload, context.nowSeconds()));
        complete(task, new ActionResult(false, e.code(), retriesSoFar == 0 ? null : retriesSoFar, e.fallback()));
    }

    /** Exponential backoff with full jitter: uniform in [0, min(max, base * 2^n)]. */
    long backoffMillis(int retriesSoFar) {
        long base = settings.backoffBase().toMillis();
        long cap = settings.backoffMax().toMillis();
        long ceiling = Math.min(cap, base << Math.min(retriesSoFar, 20));
        return ThreadLocalRandom.current().nextLong(ceiling + 1);
    }

    private void complete(Task task, ActionResult result) {
        task.result.complete(result);
        release(task);
    }

    /** The task no longer occupies the session: the next one may start. */
    private void release(Task task) {
        lock.lock();
        try {
            if (running == task) {
                running = null;
            }
            startNextLocked();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public CompletionStage<Void> cancel(String intentId) {
        Task target = null;
        lock.lock();
        try {
            if (running != null && running.intent.intentId().equals(intentId)) {
                target = running;
            } else {
                for (Task t : queue) {
                    if (t.intent.intentId().equals(intentId)) {
                        target = t;
                        break;
                    }
                }
                if (target != null) {
                    queue.remove(target);
                }
            }
        } finally {
            lock.unlock();
        }
        if (target != null) {
            stop(target);
        }
        return CompletableFuture.completedStage(null);
    }

    /** Cancels a task: it completes with {@code stopped} and the Core hears {@code stopped} telemetry. */
    private void stop(Task task) {
        task.cancel();
        if (task.result.complete(ActionResult.failure(AdapterErrorCode.STOPPED))) {
            context.emit(new AdapterEvent(
                    AdapterEventType.ERROR,
                    Map.of("code", AdapterErrorCode.STOPPED.wire(), "intent_id", task.intent.intentId()),
                    context.nowSeconds()));
        }
    }

    @Override
    public Optional<AdapterState> getState() {
        return Optional.of(state());
    }

    AdapterState state() {
        int depth;
        lock.lock();
        try {
            depth = depth();
        } finally {
            lock.unlock();
        }
        Map<String, Number> metrics = new LinkedHashMap<>();
        metrics.put("queue_depth", depth);
        metrics.put("exec_p50_ms", executeTimes.percentileMillis(0.5));
        metrics.put("exec_p90_ms", executeTimes.percentileMillis(0.9));
        metrics.put("translate_p90_ms", translateTimes.percentileMillis(0.9));
        AdapterHealth health = AdapterHealth.OK;
        if (disposed) {
            health = AdapterHealth.ERROR;
        } else if (depth > DEGRADED_QUEUE_SHARE * settings.queueDepth()
                || executeTimes.percentileMillis(0.9) > DEGRADED_EXEC_P90_MS
                || (adapter.expectsEngineHeartbeats()
                        && context.nanosSinceEngineBeat()
                                > 3 * settings.heartbeatInterval().toNanos())) {
            health = AdapterHealth.DEGRADED;
        }
        return new AdapterState(health, metrics);
    }

    /** The seed's heartbeat: {@code {type:"system", payload:{health, metrics}, ts}} every interval. */
    private void beat() {
        try {
            AdapterState s = state();
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("health", s.health().wire());
            payload.put("metrics", s.metrics());
            context.emit(new AdapterEvent(AdapterEventType.SYSTEM, payload, context.nowSeconds()));
        } catch (RuntimeException e) {
            LOG.warn("heartbeat of session {} failed", context.sessionId(), e);
        }
    }

    @Override
    public CompletionStage<Void> dispose() {
        List<Task> pending = new ArrayList<>();
        lock.lock();
        try {
            if (disposed) {
                return CompletableFuture.completedStage(null);
            }
            disposed = true;
            pending.addAll(queue);
            queue.clear();
            if (running != null) {
                pending.add(0, running);
            }
        } finally {
            lock.unlock();
        }
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        for (Task t : pending) {
            stop(t);
        }
        adapter.released(this);
        return CompletableFuture.completedStage(null);
    }

    /** An intent in this session, and its cancellation. */
    private static final class Task implements Cancellation {
        final Intent intent;
        final CompletableFuture<ActionResult> result = new CompletableFuture<>();
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final List<Runnable> aborts = new ArrayList<>();

        Task(Intent intent) {
            this.intent = intent;
        }

        @Override
        public boolean isCancelled() {
            return cancelled.get();
        }

        @Override
        public void onCancel(Runnable abort) {
            boolean runNow;
            synchronized (aborts) {
                runNow = cancelled.get();
                if (!runNow) {
                    aborts.add(abort);
                }
            }
            if (runNow) {
                abort.run();
            }
        }

        void cancel() {
            List<Runnable> toRun;
            synchronized (aborts) {
                if (!cancelled.compareAndSet(false, true)) {
                    return;
                }
                toRun = new ArrayList<>(aborts);
                aborts.clear();
            }
            for (Runnable r : toRun) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.warn("abort of {} failed", intent.intentId(), e);
                }
            }
        }
    }
}
