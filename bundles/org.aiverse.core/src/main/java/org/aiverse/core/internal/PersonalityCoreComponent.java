package org.aiverse.core.internal;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.aiverse.core.api.CoreSession;
import org.aiverse.core.api.CoreSessionSpec;
import org.aiverse.core.api.IntentSink;
import org.aiverse.core.api.PersonalityCore;
import org.aiverse.core.api.learning.Proposal;
import org.aiverse.core.api.learning.SnapshotProposals;
import org.aiverse.memory.api.MemoryEngine;
import org.aiverse.persistence.Database;
import org.aiverse.policy.api.PolicyGate;
import org.aiverse.recorder.api.Recorder;
import org.aiverse.snapshot.api.SnapshotStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PersonalityCore} and {@link SnapshotProposals} services: decision loops on a shared pool of
 * {@code poolThreads} threads, one timer thread, two I/O threads for memory and span writes; the gate, the memory
 * engine and the snapshot store; the recorder when present; proposals in the platform database (module
 * {@code core}).
 */
@Component(
        service = {PersonalityCore.class, SnapshotProposals.class},
        configurationPid = "org.aiverse.core",
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true)
@Designate(ocd = CoreConfig.class)
public final class PersonalityCoreComponent implements PersonalityCore, SnapshotProposals {

    private static final Logger LOG = LoggerFactory.getLogger(PersonalityCoreComponent.class);

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Recorder recorder;

    private final ExecutorService pool;
    private final ScheduledExecutorService timers;
    private final ThreadPoolExecutor io;
    private final PersonalityCoreImpl core;
    private final LearningUpdater updater;

    @Activate
    public PersonalityCoreComponent(
            @Reference PolicyGate gate,
            @Reference MemoryEngine memory,
            @Reference SnapshotStore snapshots,
            @Reference Database database,
            @Reference CoreMetricsComponent metrics,
            CoreConfig config) {
        database.migrate("core", PersonalityCoreComponent.class.getClassLoader());
        int threads = config.poolThreads() > 0
                ? config.poolThreads()
                : Runtime.getRuntime().availableProcessors();
        this.pool = Executors.newFixedThreadPool(threads, named("aiverse-core-decide"));
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, named("aiverse-core-timer"));
        // each intent arms an await timeout that its result cancels: removed at once, not kept until the deadline
        timer.setRemoveOnCancelPolicy(true);
        this.timers = timer;
        this.io = new ThreadPoolExecutor(
                2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(50_000), named("aiverse-core-io"));
        LoopSettings settings = new LoopSettings(
                config.awaitTimeoutMillis(),
                config.backoffMillis(),
                config.maxBackoffMillis(),
                config.stepBudgetMicros(),
                config.decisionBudgetMillis(),
                config.memoryThreshold(),
                config.retrieveTopK(),
                config.recordSpans(),
                config.perceptMaxAgeMillis());
        DialogueGenerator dialogue = config.dialogueUrl().isBlank()
                ? null
                : new DialogueGenerator(
                        config.dialogueUrl(),
                        config.dialogueModel(),
                        config.dialogueApiKey(),
                        config.dialogueTimeoutMillis() > 0
                                ? config.dialogueTimeoutMillis()
                                : config.decisionBudgetMillis());
        this.updater = new LearningUpdater(
                new ProposalStore.Jdbc(database.dataSource()),
                snapshots,
                memory,
                () -> System.currentTimeMillis() / 1000);
        LoopServices services = new LoopServices(
                pool,
                timers,
                io,
                CoreClock.SYSTEM,
                gate,
                memory,
                new BuiltInBehaviour(),
                () -> dialogue,
                () -> recorder,
                metrics.metrics(),
                settings);
        this.core = new PersonalityCoreImpl(
                services,
                loop -> io.execute(() -> {
                    try {
                        updater.propose(loop);
                    } catch (RuntimeException e) {
                        LOG.error("cannot propose the learning update of {}", loop.sessionId(), e);
                    }
                }));
        LOG.info(
                "Personality Core ready: {} decision threads, dialogue {}",
                threads,
                dialogue == null ? "built-in" : dialogue.endpoint());
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Deactivate
    void deactivate() {
        core.closeAll();
        pool.shutdown();
        timers.shutdownNow();
        io.shutdown();
        try {
            io.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public CoreSession open(CoreSessionSpec spec, IntentSink sink) {
        return core.open(spec, sink);
    }

    @Override
    public Optional<CoreSession> session(String sessionId) {
        return core.session(sessionId);
    }

    @Override
    public Collection<CoreSession> sessions() {
        return core.sessions();
    }

    @Override
    public List<Proposal> list(String snapshotId) {
        return updater.list(snapshotId);
    }

    @Override
    public Optional<Proposal> get(String proposalId) {
        return updater.get(proposalId);
    }

    @Override
    public Proposal approve(String snapshotId, String proposalId) {
        return updater.approve(snapshotId, proposalId);
    }

    @Override
    public Proposal reject(String snapshotId, String proposalId) {
        return updater.reject(snapshotId, proposalId);
    }

    @Override
    public int rollback(String snapshotId, int version) {
        return updater.rollback(snapshotId, version);
    }
}
