package org.aiverse.snapshot.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.aiverse.auth.api.Consent;
import org.aiverse.auth.api.ConsentDenied;
import org.aiverse.auth.api.ConsentRequest;
import org.aiverse.auth.api.TokenValidator;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.api.ErrorCode;
import org.aiverse.contracts.consent.Scopes;
import org.aiverse.contracts.memory.MemoryItem;
import org.aiverse.contracts.snapshot.PersonalitySnapshot;
import org.aiverse.json.Json;
import org.aiverse.persistence.Database;
import org.aiverse.rest.ApiException;
import org.aiverse.rest.RequiresScope;
import org.aiverse.rest.RestApi;
import org.aiverse.snapshot.api.MemorySeal;
import org.aiverse.snapshot.api.RedactionStub;
import org.aiverse.snapshot.api.SnapshotStore;
import org.aiverse.snapshot.api.SnapshotSummary;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Personality Snapshots over REST and as the {@link SnapshotStore} service (seed 4.1, 5; DESIGN §3).
 *
 * <ul>
 *   <li>{@code POST /api/v1/snapshots}: the seed 4.1 snapshot plus {@code owner_key} (public JWK) and optional
 *       {@code memories} (seed 4.8), with {@code Authorization: Bearer} a token carrying {@code persona.use} whose
 *       {@code sub} is the snapshot's {@code owner_id}. The first key of a user is bound on first use; another key
 *       needs a token signed by a bound one (rotation). Answers {@code 201} with the stored snapshot; an existing
 *       version is {@code 409 conflict} (versions are never overwritten).
 *   <li>{@code GET /api/v1/snapshots/{id}} (latest) and {@code GET /api/v1/snapshots/{id}/versions/{version}}: the
 *       owner's token with {@code persona.use}.
 *   <li>{@code POST /api/v1/snapshots/{id}/memories/{memoryId}/redact}: irreversible; answers the audit stub
 *       {@code {id, ts, checksum}}.
 * </ul>
 */
@Component(
        service = {SnapshotResource.class, SnapshotStore.class, MemorySeal.class},
        configurationPid = "org.aiverse.snapshot",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SnapshotConfig.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("snapshots")
@Produces(MediaType.APPLICATION_JSON)
public final class SnapshotResource implements SnapshotStore, MemorySeal {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotResource.class);
    private static final int MAX_MEMORIES = 10_000;

    private final TokenValidator tokens;
    private final SnapshotRepository repository;
    private final MemoryCipher cipher;

    @Context
    private HttpServletRequest servletRequest;

    @Activate
    public SnapshotResource(@Reference Database database, @Reference TokenValidator tokens, SnapshotConfig config) {
        this.tokens = tokens;
        database.migrate("snapshot", SnapshotResource.class.getClassLoader());
        this.cipher = MemoryCipher.configured(config.keystorePath(), config.keystorePassword());
        this.repository = new SnapshotRepository(database.dataSource(), cipher);
    }

    // ------------------------------------------------------------------ REST

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(
            Map<String, Object> body,
            @HeaderParam("Authorization") String authorization,
            @HeaderParam("Origin") String origin,
            @HeaderParam("X-Session-Id") String sessionId) {
        if (body == null) {
            throw new ValidationException(ValidationException.ROOT, "body is empty");
        }
        if (!(body.get("owner_key") instanceof Map<?, ?> rawKey)) {
            throw new ValidationException("owner_key", "is required: the owner's public key as a JWK object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> ownerKey = (Map<String, Object>) rawKey;
        Map<String, Object> snapshotFields = new LinkedHashMap<>(body);
        snapshotFields.remove("owner_key");
        Object rawMemories = snapshotFields.remove("memories");
        PersonalitySnapshot snapshot = Json.convert(snapshotFields, PersonalitySnapshot.class);
        List<MemoryItem> memories = memories(rawMemories);
        String document = Json.write(snapshot);
        if (document.length() > SnapshotRepository.MAX_DOCUMENT) {
            throw new ValidationException(
                    ValidationException.ROOT,
                    "the snapshot is larger than " + SnapshotRepository.MAX_DOCUMENT + " characters");
        }
        String token = bearer(authorization);
        Consent consent;
        try {
            consent = tokens.validateAndBind(
                    token, new ConsentRequest(origin, Set.of(Scopes.PERSONA_USE), sessionId, client()), ownerKey);
        } catch (ConsentDenied d) {
            throw new ApiException(d.code(), d.getMessage());
        }
        if (!consent.sub().equals(snapshot.ownerId())) {
            throw new ApiException(ErrorCode.BLOCKED_SCOPE, "owner_id must be the token's sub");
        }
        Optional<PersonalitySnapshot> latest = repository.find(snapshot.id(), null);
        if (latest.isPresent() && !latest.get().ownerId().equals(snapshot.ownerId())) {
            throw new ApiException(ErrorCode.BLOCKED_SCOPE, "snapshot " + snapshot.id() + " belongs to another user");
        }
        try {
            repository.insert(snapshot, consent.kid(), memories, System.currentTimeMillis() / 1000);
        } catch (SnapshotRepository.VersionExists e) {
            throw new ApiException(
                    ErrorCode.CONFLICT,
                    "version " + snapshot.version() + " of " + snapshot.id()
                            + " exists; versions are never overwritten");
        }
        return Response.status(Response.Status.CREATED).entity(snapshot).build();
    }

    @GET
    @Path("{id}")
    @RequiresScope(Scopes.PERSONA_USE)
    public PersonalitySnapshot get(@PathParam("id") String id, @Context SecurityContext caller) {
        return owned(repository.find(id, null), id, caller);
    }

    @GET
    @Path("{id}/versions/{version}")
    @RequiresScope(Scopes.PERSONA_USE)
    public PersonalitySnapshot getVersion(
            @PathParam("id") String id, @PathParam("version") String version, @Context SecurityContext caller) {
        int v;
        try {
            v = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw new ValidationException("version", "must be a positive integer");
        }
        if (v < 1) {
            throw new ValidationException("version", "must be a positive integer");
        }
        return owned(repository.find(id, v), id, caller);
    }

    @POST
    @Path("{id}/memories/{memoryId}/redact")
    @RequiresScope(Scopes.PERSONA_USE)
    public RedactionStub redactMemory(
            @PathParam("id") String id, @PathParam("memoryId") String memoryId, @Context SecurityContext caller) {
        owned(repository.find(id, null), id, caller);
        return redact(id, memoryId)
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no memory " + memoryId + " in " + id));
    }

    private static PersonalitySnapshot owned(Optional<PersonalitySnapshot> found, String id, SecurityContext caller) {
        PersonalitySnapshot s = found.orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no snapshot " + id));
        String sub = caller == null || caller.getUserPrincipal() == null
                ? null
                : caller.getUserPrincipal().getName();
        if (!s.ownerId().equals(sub)) {
            throw new ApiException(ErrorCode.BLOCKED_SCOPE, "only the owner may read snapshot " + id);
        }
        return s;
    }

    private static List<MemoryItem> memories(Object raw) {
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list)) {
            throw new ValidationException("memories", "must be an array of memory items");
        }
        if (list.size() > MAX_MEMORIES) {
            throw new ValidationException("memories", "at most " + MAX_MEMORIES + " items");
        }
        List<MemoryItem> out = new ArrayList<>(list.size());
        Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            MemoryItem m;
            try {
                m = Json.convert(list.get(i), MemoryItem.class);
            } catch (ValidationException e) {
                throw e.withPrefix("memories[" + i + "]");
            }
            if (!ids.add(m.id())) {
                throw new ValidationException("memories[" + i + "].id", "duplicate memory id " + m.id());
            }
            if (m.id().length() > 128) {
                throw new ValidationException("memories[" + i + "].id", "at most 128 characters");
            }
            out.add(m);
        }
        return out;
    }

    private static String bearer(String authorization) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).strip();
            if (!token.isEmpty()) {
                return token;
            }
        }
        throw new ApiException(ErrorCode.INVALID_TOKEN, "Authorization: Bearer <consent token> is required");
    }

    private String client() {
        try {
            return servletRequest == null ? null : servletRequest.getRemoteAddr();
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ SnapshotStore

    @Override
    public Optional<PersonalitySnapshot> latest(String snapshotId) {
        return repository.find(snapshotId, null);
    }

    @Override
    public Optional<PersonalitySnapshot> version(String snapshotId, int version) {
        return repository.find(snapshotId, version);
    }

    @Override
    public List<MemoryItem> memories(String snapshotId, int version) {
        return repository.memories(snapshotId, version);
    }

    @Override
    public List<SnapshotSummary> summaries() {
        return repository.summaries();
    }

    @Override
    public Optional<RedactionStub> redact(String snapshotId, String memoryId) {
        Optional<RedactionStub> stub = repository.redact(snapshotId, memoryId, System.currentTimeMillis() / 1000);
        stub.ifPresent(
                s -> LOG.info("redacted memory {} of snapshot {} (checksum {})", memoryId, snapshotId, s.checksum()));
        return stub;
    }

    @Override
    public PersonalitySnapshot publish(PersonalitySnapshot next, List<MemoryItem> memories) {
        PersonalitySnapshot latest = repository
                .find(next.id(), null)
                .orElseThrow(() -> new IllegalStateException("no snapshot " + next.id()));
        if (!latest.ownerId().equals(next.ownerId())) {
            throw new IllegalStateException("snapshot " + next.id() + " belongs to another user");
        }
        if (next.version() != latest.version() + 1) {
            throw new IllegalStateException("the next version of " + next.id() + " is " + (latest.version() + 1));
        }
        try {
            repository.insert(
                    next,
                    repository.ownerKid(next.id(), latest.version()),
                    memories == null ? List.of() : memories,
                    System.currentTimeMillis() / 1000);
        } catch (SnapshotRepository.VersionExists e) {
            throw new IllegalStateException("version " + next.version() + " of " + next.id() + " exists", e);
        }
        LOG.info("published version {} of snapshot {}", next.version(), next.id());
        return next;
    }

    // ------------------------------------------------------------------ MemorySeal

    @Override
    public String seal(String associated, byte[] plaintext) {
        return cipher.seal(associated, plaintext);
    }

    @Override
    public byte[] open(String associated, String sealed) {
        return cipher.open(associated, sealed);
    }
}
