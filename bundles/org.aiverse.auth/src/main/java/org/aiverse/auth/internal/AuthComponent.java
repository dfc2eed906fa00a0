package org.aiverse.auth.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.aiverse.auth.api.Consent;
import org.aiverse.auth.api.ConsentDenied;
import org.aiverse.auth.api.ConsentRequest;
import org.aiverse.auth.api.KeyInfo;
import org.aiverse.auth.api.KeyRing;
import org.aiverse.auth.api.Revocation;
import org.aiverse.auth.api.RevocationListener;
import org.aiverse.auth.api.Revocations;
import org.aiverse.auth.api.TokenValidator;
import org.aiverse.bus.Bus;
import org.aiverse.bus.BusUnavailableException;
import org.aiverse.contracts.recorder.Actor;
import org.aiverse.contracts.recorder.EventType;
import org.aiverse.json.Json;
import org.aiverse.persistence.Database;
import org.aiverse.recorder.api.Recorder;
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
 * The consent service: token validation, the keyring and revocations, persisted in the platform database and
 * shared between nodes over the bus (topics {@code auth.revocations} and {@code auth.keys}). Every denial is logged
 * with its reason code and, when the request names a session, recorded as a {@code policy_block} event (seed 5.6).
 */
@Component(
        service = {TokenValidator.class, KeyRing.class, Revocations.class},
        configurationPid = "org.aiverse.auth",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AuthConfig.class)
public final class AuthComponent implements TokenValidator, KeyRing, Revocations, ConsentService.Hooks {

    static final String REVOCATIONS_TOPIC = "auth.revocations";
    static final String KEYS_TOPIC = "auth.keys";

    private static final Logger LOG = LoggerFactory.getLogger(AuthComponent.class);

    private final Bus bus;
    private final String node = UUID.randomUUID().toString();
    private final ConsentService service;
    private final List<Bus.Subscription> subscriptions;
    private final ScheduledExecutorService janitor;
    private final List<RevocationListener> listeners = new CopyOnWriteArrayList<>();
    private volatile Recorder recorder;

    @Activate
    public AuthComponent(@Reference Database database, @Reference Bus bus, AuthConfig config) {
        this.bus = bus;
        database.migrate("auth", AuthComponent.class.getClassLoader());
        AuthSettings settings = new AuthSettings(
                config.maxTtlSeconds(),
                config.clockSkewSeconds(),
                config.rotationOverlapSeconds(),
                Set.of(config.nativeOrigins()),
                config.maxFailuresPerMinute());
        this.service = new ConsentService(new AuthStore(database.dataSource()), settings, Clock.systemUTC(), this);
        this.subscriptions = List.of(
                bus.subscribe(REVOCATIONS_TOPIC, this::onRemoteRevocation),
                bus.subscribe(KEYS_TOPIC, this::onRemoteKey));
        this.janitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "aiverse-auth-janitor");
            t.setDaemon(true);
            return t;
        });
        janitor.scheduleWithFixedDelay(this::purge, 1, 10, TimeUnit.MINUTES);
    }

    @Deactivate
    void deactivate() {
        subscriptions.forEach(Bus.Subscription::close);
        janitor.shutdownNow();
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setRecorder(Recorder r) {
        this.recorder = r;
    }

    void unsetRecorder(Recorder r) {
        if (this.recorder == r) {
            this.recorder = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(RevocationListener l) {
        listeners.add(l);
    }

    void removeListener(RevocationListener l) {
        listeners.remove(l);
    }

    private void purge() {
        try {
            service.purge();
        } catch (RuntimeException e) {
            LOG.warn("Cannot purge expired single-use tokens: {}", e.toString());
        }
    }

    // ------------------------------------------------------------ hooks

    @Override
    public void denied(ConsentDenied denial, ParsedToken token, ConsentRequest request) {
        String sub = token == null ? "-" : token.sub();
        String kid = token == null || token.kid() == null ? "-" : token.kid();
        LOG.info(
                "consent denied: reason_code={} reason={} sub={} kid={} session={}",
                denial.code().wire(),
                denial.reason(),
                sub,
                kid,
                request.sessionId() == null ? "-" : request.sessionId());
        Recorder r = recorder;
        if (r != null && request.sessionId() != null) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("reason_code", denial.code().wire());
            payload.put("reason", denial.reason());
            payload.put("message", denial.getMessage());
            if (token != null) {
                payload.put("sub", token.sub());
                payload.put("consent_session", token.sessionId());
            }
            try {
                r.append(request.sessionId(), Actor.SYSTEM, EventType.POLICY_BLOCK, payload);
            } catch (RuntimeException e) {
                LOG.warn("Cannot record the denial in session {}: {}", request.sessionId(), e.toString());
            }
        }
    }

    @Override
    public void revoked(Revocation revocation, boolean local) {
        LOG.info(
                "revoked {} {} ({}){}",
                revocation.kind(),
                revocation.target(),
                revocation.reason(),
                local ? "" : " on another node");
        for (RevocationListener l : listeners) {
            try {
                l.revoked(revocation);
            } catch (RuntimeException e) {
                LOG.warn("A revocation listener failed: {}", e.toString());
            }
        }
        if (local) {
            Map<String, Object> msg = new LinkedHashMap<>();
            msg.put("node", node);
            msg.put("kind", revocation.kind().name());
            msg.put("target", revocation.target());
            msg.put("ts", revocation.ts());
            msg.put("reason", revocation.reason());
            publish(REVOCATIONS_TOPIC, msg);
        }
    }

    @Override
    public void keyChanged(String kid) {
        publish(KEYS_TOPIC, Map.of("node", node, "kid", kid));
    }

    private void publish(String topic, Map<String, Object> msg) {
        try {
            bus.publish(topic, Json.writeBytes(msg));
        } catch (BusUnavailableException e) {
            // the database holds it; other nodes read revocations at start and keys on first use
            LOG.warn("Cannot tell other nodes on {} now: {}", topic, e.getMessage());
        }
    }

    private void onRemoteRevocation(byte[] body) {
        try {
            Map<String, Object> msg = Json.read(body, new TypeReference<Map<String, Object>>() {});
            if (node.equals(msg.get("node"))) {
                return;
            }
            service.applyRemote(new Revocation(
                    Revocation.Kind.valueOf(String.valueOf(msg.get("kind"))),
                    String.valueOf(msg.get("target")),
                    ((Number) msg.get("ts")).longValue(),
                    (String) msg.get("reason")));
        } catch (RuntimeException e) {
            LOG.warn("Ignoring an unreadable revocation message: {}", new String(body, StandardCharsets.UTF_8));
        }
    }

    private void onRemoteKey(byte[] body) {
        try {
            Map<String, Object> msg = Json.read(body, new TypeReference<Map<String, Object>>() {});
            if (!node.equals(msg.get("node")) && msg.get("kid") instanceof String kid) {
                service.evict(kid);
            }
        } catch (RuntimeException e) {
            LOG.warn("Ignoring an unreadable key message");
        }
    }

    // ------------------------------------------------------------ delegation

    @Override
    public Consent validate(String token, ConsentRequest request) {
        return service.validate(token, request);
    }

    @Override
    public Consent validateAndBind(String token, ConsentRequest request, Map<String, Object> jwk) {
        return service.validateAndBind(token, request, jwk);
    }

    @Override
    public Optional<KeyInfo> lookup(String kid) {
        return service.lookup(kid);
    }

    @Override
    public List<KeyInfo> keysOf(String sub) {
        return service.keysOf(sub);
    }

    @Override
    public List<KeyInfo> keys() {
        return service.keys();
    }

    @Override
    public Revocation revokeSession(String sessionId, String reason) {
        return service.revokeSession(sessionId, reason);
    }

    @Override
    public Revocation revokeKey(String kid, String reason) {
        return service.revokeKey(kid, reason);
    }

    @Override
    public boolean isSessionRevoked(String sessionId) {
        return service.isSessionRevoked(sessionId);
    }

    @Override
    public boolean isKeyRevoked(String kid) {
        return service.isKeyRevoked(kid);
    }

    @Override
    public List<Revocation> list() {
        return service.list();
    }
}
