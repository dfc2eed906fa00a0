package org.aiverse.recorder.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.aiverse.contracts.api.ChainVerification;
import org.aiverse.contracts.api.PlaybackRequest;
import org.aiverse.contracts.health.ComponentHealth;
import org.aiverse.contracts.health.HealthContributor;
import org.aiverse.contracts.recorder.Actor;
import org.aiverse.contracts.recorder.EventType;
import org.aiverse.contracts.recorder.SessionEvent;
import org.aiverse.persistence.Database;
import org.aiverse.recorder.api.AuditStub;
import org.aiverse.recorder.api.ExportResult;
import org.aiverse.recorder.api.MediaStore;
import org.aiverse.recorder.api.Playback;
import org.aiverse.recorder.api.Recorder;
import org.aiverse.recorder.api.RecordingAdmin;
import org.aiverse.recorder.api.RecordingInfo;
import org.aiverse.recorder.api.RecordingQuery;
import org.aiverse.recorder.api.RedactionRequest;
import org.aiverse.recorder.api.RetentionSettings;
import org.aiverse.recorder.api.SigningKey;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Session Recorder service on the platform database: {@link Recorder}, {@link RecordingQuery},
 * {@link RecordingAdmin}, and a health check. Migrates the {@code recorder} schema at start, keeps its Ed25519
 * checkpoint key under {@code data/aiverse/recorder}, and sweeps expired recordings periodically.
 */
@Component(
        service = {Recorder.class, RecordingQuery.class, RecordingAdmin.class, HealthContributor.class},
        configurationPid = "org.aiverse.recorder",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RecorderComponent.Config.class)
public final class RecorderComponent implements Recorder, RecordingQuery, RecordingAdmin, HealthContributor {

    /** Recorder settings ({@code etc/org.aiverse.recorder.cfg}). */
    @ObjectClassDefinition(name = "AI-Verse recorder", description = "Session Recorder settings")
    public @interface Config {
        @AttributeDefinition(description = "Events per signed checkpoint (new sessions)")
        int checkpoint_interval() default 256;

        @AttributeDefinition(description = "Group-commit writer threads (each owns a share of the sessions)")
        int writers() default 2;

        @AttributeDefinition(description = "Most events per commit")
        int max_batch() default 2000;

        @AttributeDefinition(
                description = "Appends that may wait for a commit before percepts are held back (the edge sheds"
                        + " them instead): at most about a second and a half of commits on Derby under overload")
        int ingress_capacity() default 2000;

        @AttributeDefinition(
                description = "Appends of work in flight (decisions, results, state changes) that may wait beyond"
                        + " that before they are held back too")
        int queue_capacity() default 50000;

        @AttributeDefinition(description = "Minutes between retention sweeps; 0 disables them")
        int retention_sweep_minutes() default 60;

        @AttributeDefinition(description = "Directory of the signing key; empty means ${karaf.data}/aiverse/recorder")
        String data_dir() default "";
    }

    private static final Logger LOG = LoggerFactory.getLogger(RecorderComponent.class);

    private final RecorderEngine engine;
    private final ScheduledExecutorService sweeper;

    @Activate
    public RecorderComponent(
            @Reference Database database, @Reference MediaStore media, Config config, BundleContext context) {
        database.migrate("recorder", RecorderComponent.class.getClassLoader());
        Path dir = config.data_dir().isBlank()
                ? Path.of(dataDir(context), "aiverse", "recorder")
                : Path.of(config.data_dir());
        CheckpointSigner signer = CheckpointSigner.loadOrCreate(dir);
        this.engine = new RecorderEngine(
                database.dataSource(),
                media,
                signer,
                new RecorderEngine.Settings(
                        Math.max(1, config.checkpoint_interval()),
                        Math.max(1, config.writers()),
                        Math.max(1, config.max_batch()),
                        Math.max(16, config.ingress_capacity()),
                        Math.max(16, config.queue_capacity())),
                Clock.systemUTC());
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "aiverse-recorder-retention");
            t.setDaemon(true);
            return t;
        });
        if (config.retention_sweep_minutes() > 0) {
            sweeper.scheduleWithFixedDelay(this::sweep, 1, config.retention_sweep_minutes(), TimeUnit.MINUTES);
        }
        LOG.info("Recorder ready on {} (checkpoint key {})", database.productName(), signer.kid());
    }

    private static String dataDir(BundleContext context) {
        String d = context.getProperty("karaf.data");
        return d == null ? "data" : d;
    }

    private void sweep() {
        try {
            List<AuditStub> deleted = engine.purgeExpired();
            if (!deleted.isEmpty()) {
                LOG.info("Retention deleted {} recordings", deleted.size());
            }
        } catch (RuntimeException e) {
            LOG.warn("Retention sweep failed: {}", e.toString());
        }
    }

    @Deactivate
    void deactivate() {
        sweeper.shutdownNow();
        engine.close();
    }

    @Override
    public SessionEvent append(String sessionId, Actor actor, EventType type, Map<String, Object> payload) {
        return engine.append(sessionId, actor, type, payload);
    }

    @Override
    public boolean congested(String sessionId) {
        return engine.congested(sessionId);
    }

    @Override
    public CompletionStage<SessionEvent> appendAsync(
            String sessionId, Actor actor, EventType type, Map<String, Object> payload) {
        return engine.appendAsync(sessionId, actor, type, payload);
    }

    @Override
    public SessionEvent appendMedia(
            String sessionId, Actor actor, EventType type, byte[] media, String mediaType, Map<String, Object> p) {
        return engine.appendMedia(sessionId, actor, type, media, mediaType, p);
    }

    @Override
    public Playback playback(PlaybackRequest request, int topK) {
        return engine.playback(request, topK);
    }

    @Override
    public ChainVerification verify(String sessionId) {
        return engine.verify(sessionId);
    }

    @Override
    public List<RecordingInfo> recordings() {
        return engine.recordings();
    }

    @Override
    public Optional<RecordingInfo> recording(String sessionId) {
        return engine.recording(sessionId);
    }

    @Override
    public List<SigningKey> keys() {
        return engine.keys();
    }

    @Override
    public void assignOwner(String sessionId, String subject) {
        engine.assignOwner(sessionId, subject);
    }

    @Override
    public RecordingInfo retention(String sessionId, RetentionSettings settings) {
        return engine.retention(sessionId, settings);
    }

    @Override
    public List<AuditStub> redact(String sessionId, RedactionRequest request) {
        return engine.redact(sessionId, request);
    }

    @Override
    public AuditStub delete(String sessionId, String reason) {
        return engine.delete(sessionId, reason);
    }

    @Override
    public List<AuditStub> purgeExpired() {
        return engine.purgeExpired();
    }

    @Override
    public List<AuditStub> auditStubs(String sessionId) {
        return engine.auditStubs(sessionId);
    }

    @Override
    public ExportResult export(String sessionId, Path directory) {
        return engine.export(sessionId, directory);
    }

    @Override
    public ComponentHealth health() {
        Map<String, Object> stats = engine.stats();
        return ComponentHealth.up("recorder", stats);
    }
}
