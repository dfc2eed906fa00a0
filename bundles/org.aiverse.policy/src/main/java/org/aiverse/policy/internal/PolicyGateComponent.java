package org.aiverse.policy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.api.SessionMode;
import org.aiverse.contracts.health.ComponentHealth;
import org.aiverse.contracts.health.HealthContributor;
import org.aiverse.contracts.intent.Intent;
import org.aiverse.contracts.policy.Policy;
import org.aiverse.contracts.policy.PolicyDecision;
import org.aiverse.contracts.snapshot.PersonalitySnapshot;
import org.aiverse.persistence.Database;
import org.aiverse.persistence.SchemaVersion;
import org.aiverse.policy.api.PolicyContext;
import org.aiverse.policy.api.PolicyGate;
import org.aiverse.policy.api.PolicyGateInfo;
import org.aiverse.policy.api.PolicyMetrics;
import org.aiverse.policy.api.PolicyUsage;
import org.aiverse.policy.api.ProtectedMemories;
import org.aiverse.policy.api.ProtectedMemory;
import org.aiverse.recorder.api.Recorder;
import org.aiverse.snapshot.api.SnapshotStore;
import org.osgi.framework.BundleContext;
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
 * The {@link PolicyGate} service: configuration from {@code etc/org.aiverse.policy.cfg} ({@link GateConfig}),
 * the bundled {@code v1} ethics ruleset plus operator rulesets ({@code *.json} in the configured directory), the
 * rate and cooldown counters (in memory, or shared in the database with {@code counters = database}), and the
 * budget ledger in the platform database (migrated as module
 * {@code policy}). The recorder and the snapshot store (memories for {@link #context}) are optional: the gate works
 * without them.
 */
@Component(
        service = {PolicyGate.class, HealthContributor.class},
        configurationPid = "org.aiverse.policy",
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true)
@Designate(ocd = GateConfig.class)
public final class PolicyGateComponent implements PolicyGate, HealthContributor {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyGateComponent.class);
    static final String MODULE = "policy";
    private static final String BUNDLED = "ethics/v1.json";
    static final String MEMORY = "memory";
    static final String DATABASE = "database";

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Recorder recorder;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SnapshotStore snapshots;

    private final PolicyGateImpl gate;
    private final SchemaVersion schema;
    private final ScheduledExecutorService sweeper;
    private final String counters;

    @Activate
    public PolicyGateComponent(@Reference Database database, GateConfig config, BundleContext context) {
        this.schema = database.migrate(MODULE, PolicyGateComponent.class.getClassLoader());
        Map<String, EthicsRuleset> rulesets = loadRulesets(config, context);
        GateSettings settings = GateSettings.from(config, rulesets);
        this.counters = counters(config);
        // memory (the default) keeps the rate check of every intent a lock-free compare-and-set on this node, with
        // no I/O on the intent path; database costs one or two statements per rate-limited intent, the price of
        // limits that hold across the nodes sharing the database, and needs a clock the nodes agree on.
        boolean shared = DATABASE.equals(this.counters);
        this.gate = new PolicyGateImpl(
                settings,
                shared ? new JdbcCounterStore(database.dataSource()) : new InMemoryCounterStore(),
                new JdbcBudgetLedger(database.dataSource(), () -> System.currentTimeMillis() / 1000),
                shared ? PolicyGateImpl.wallClock() : PolicyGateImpl.systemClock(),
                () -> recorder,
                () -> snapshots);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "aiverse-policy-sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(gate::sweep, 1, 1, TimeUnit.MINUTES);
        LOG.info(
                "Policy gate ready: schema v{}, ethics rulesets {}, {} rate counters",
                schema.version(),
                rulesets.keySet(),
                this.counters);
    }

    /** The validated {@link GateConfig#counters()}: {@code memory} or {@code database}. */
    static String counters(GateConfig config) {
        String value = config.counters() == null ? MEMORY : config.counters().strip();
        Checks.require(
                MEMORY.equals(value) || DATABASE.equals(value),
                "counters",
                "must be " + MEMORY + " or " + DATABASE + ", got '" + value + "'");
        return value;
    }

    @Deactivate
    void deactivate() {
        sweeper.shutdownNow();
    }

    static Map<String, EthicsRuleset> loadRulesets(GateConfig config, BundleContext context) {
        Map<String, EthicsRuleset> rulesets = new LinkedHashMap<>();
        try (InputStream in = PolicyGateComponent.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            EthicsRuleset v1 = EthicsRuleset.read(in);
            rulesets.put(v1.id(), v1);
        } catch (IOException e) {
            throw new IllegalStateException("bundled ethics ruleset missing: " + BUNDLED, e);
        }
        Path dir = rulesetDirectory(config, context);
        if (dir != null && Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
                for (Path file : files) {
                    try {
                        EthicsRuleset r = EthicsRuleset.read(file);
                        rulesets.put(r.id(), r);
                        LOG.info("Loaded ethics ruleset {} ({} rules) from {}", r.id(), r.size(), file);
                    } catch (ValidationException | IOException e) {
                        LOG.error("Ethics ruleset {} rejected: {}", file, e.getMessage());
                    }
                }
            } catch (IOException e) {
                LOG.error("Cannot list ethics rulesets in {}: {}", dir, e.getMessage());
            }
        }
        return rulesets;
    }

    private static Path rulesetDirectory(GateConfig config, BundleContext context) {
        if (!config.rulesetDirectory().isBlank()) {
            return Path.of(config.rulesetDirectory());
        }
        String etc = context == null ? null : context.getProperty("karaf.etc");
        return etc == null ? null : Path.of(etc, "aiverse", "ethics");
    }

    @Override
    public PolicyDecision evaluate(Intent intent, PolicyContext context, Map<String, Object> meta) {
        return gate.evaluate(intent, context, meta);
    }

    @Override
    public PolicyDecision dryRun(Intent intent, PolicyContext context) {
        return gate.dryRun(intent, context);
    }

    @Override
    public Policy effectivePolicy(Policy declared) {
        return gate.effectivePolicy(declared);
    }

    @Override
    public PolicyContext context(
            PersonalitySnapshot snapshot, Set<String> scopes, String sessionId, String worldId, SessionMode mode) {
        return gate.context(snapshot, scopes, sessionId, worldId, mode);
    }

    @Override
    public ProtectedMemories protectedMemories(Collection<ProtectedMemory> memories) {
        return gate.protectedMemories(memories);
    }

    @Override
    public PolicyMetrics metrics() {
        return gate.metrics();
    }

    @Override
    public PolicyUsage usage(String ownerId) {
        return gate.usage(ownerId);
    }

    @Override
    public PolicyGateInfo info() {
        return gate.info();
    }

    @Override
    public ComponentHealth health() {
        PolicyMetrics m = gate.metrics();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("schema_version", schema.version());
        detail.put("ethics_rulesets", gate.info().ethicsRulesets().keySet());
        detail.put("policy_block_rate", m.policyBlockRate());
        detail.put("anomaly_flags", m.anomalyFlags());
        detail.put("recorder", recorder != null);
        detail.put("counters", counters);
        return ComponentHealth.up("policy", detail);
    }
}
