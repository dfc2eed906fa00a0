package org.aiverse.core.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.aiverse.memory.api.MemoryEngine;
import org.aiverse.policy.api.PolicyGate;
import org.aiverse.recorder.api.Recorder;

/**
 * What every decision loop shares.
 *
 * @param pool the shared, bounded pool the loops' decision queues run on
 * @param timers the timers of soft timeouts and backoffs (they only post tasks to the loops)
 * @param io the executor of blocking writes off the decision path (memories, span records)
 * @param clock the clock
 * @param gate the Safety Gate
 * @param memory the Memory Gradient Engine
 * @param behaviour the behaviour policy
 * @param dialogue the dialogue generator, or a supplier of {@code null} when off
 * @param recorder the recorder, or a supplier of {@code null} when absent
 * @param metrics the metrics
 * @param settings the tunables
 */
public record LoopServices(
        Executor pool,
        ScheduledExecutorService timers,
        Executor io,
        CoreClock clock,
        PolicyGate gate,
        MemoryEngine memory,
        Behaviour behaviour,
        Supplier<DialogueGenerator> dialogue,
        Supplier<Recorder> recorder,
        CoreMetrics metrics,
        LoopSettings settings) {}
