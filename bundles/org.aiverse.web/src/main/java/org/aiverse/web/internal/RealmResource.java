package org.aiverse.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.adapter.AdapterKind;
import org.aiverse.contracts.api.BridgeDetail;
import org.aiverse.contracts.api.ErrorCode;
import org.aiverse.contracts.consent.Scopes;
import org.aiverse.contracts.snapshot.PersonalitySnapshot;
import org.aiverse.registry.api.BridgeRegistry;
import org.aiverse.rest.ApiException;
import org.aiverse.rest.RequiresScope;
import org.aiverse.rest.RestApi;
import org.aiverse.snapshot.api.SnapshotStore;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code GET /api/v1/worlds/{id}/realm?snapshot_id=&version=&template_id=}: the realm a world shows for one version
 * of the caller's snapshot (the latest when {@code version} is absent), made from a World Fabric template (seed
 * 4.10; {@code wt_personal_realm_v1} by default) by {@link RealmGenerator}: the same template and snapshot version
 * always answer the same bytes. Needs a consent token with {@code persona.use} whose {@code sub} owns the snapshot.
 */
@Component(service = RealmResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("worlds")
public final class RealmResource {

    /** The template every realm uses unless the request names another. */
    static final String DEFAULT_TEMPLATE = "wt_personal_realm_v1";

    private static final Pattern TEMPLATE_ID = Pattern.compile("[a-z0-9_]{1,64}");

    private final BridgeRegistry registry;
    private final SnapshotStore snapshots;
    private final BundleContext context;
    private final Map<String, Map<String, Object>> templates = new ConcurrentHashMap<>();

    @Activate
    public RealmResource(
            @Reference BridgeRegistry registry, @Reference SnapshotStore snapshots, BundleContext context) {
        this.registry = registry;
        this.snapshots = snapshots;
        this.context = context;
    }

    @GET
    @Path("{id}/realm")
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresScope(Scopes.PERSONA_USE)
    public String realm(
            @PathParam("id") String worldId,
            @QueryParam("snapshot_id") String snapshotId,
            @QueryParam("version") String version,
            @QueryParam("template_id") String templateId,
            @Context SecurityContext caller) {
        if (snapshotId == null || snapshotId.isBlank()) {
            throw new ValidationException("snapshot_id", "is required");
        }
        Integer v = null;
        if (version != null && !version.isEmpty()) {
            try {
                v = Integer.parseInt(version);
            } catch (NumberFormatException e) {
                throw new ValidationException("version", "must be a positive integer");
            }
            if (v < 1) {
                throw new ValidationException("version", "must be a positive integer");
            }
        }
        String tid = templateId == null || templateId.isEmpty() ? DEFAULT_TEMPLATE : templateId;
        if (!TEMPLATE_ID.matcher(tid).matches()) {
            throw new ValidationException("template_id", "must be 1 to 64 of a-z, 0-9 and _");
        }
        Optional<BridgeDetail> world = registry.get(worldId);
        if (world.isEmpty() || world.get().kind() != AdapterKind.WORLD) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no world " + worldId);
        }
        Optional<PersonalitySnapshot> found =
                v == null ? snapshots.latest(snapshotId) : snapshots.version(snapshotId, v);
        PersonalitySnapshot snapshot = found.orElseThrow(() -> new ApiException(
                ErrorCode.NOT_FOUND, "no snapshot " + snapshotId + (version == null ? "" : " version " + version)));
        String sub = caller == null || caller.getUserPrincipal() == null
                ? null
                : caller.getUserPrincipal().getName();
        if (!snapshot.ownerId().equals(sub)) {
            throw new ApiException(ErrorCode.BLOCKED_SCOPE, "only the owner may use snapshot " + snapshotId);
        }
        Map<String, Object> template = templates.computeIfAbsent(tid, this::load);
        if (template.isEmpty()) {
            templates.remove(tid);
            throw new ApiException(ErrorCode.NOT_FOUND, "no template " + tid);
        }
        return RealmGenerator.realm(template, worldId, snapshot);
    }

    /** A template shipped in this bundle ({@code templates/<id>.json}), or an empty map. */
    private Map<String, Object> load(String id) {
        URL url = context.getBundle().getEntry("templates/" + id + ".json");
        if (url == null) {
            return Map.of();
        }
        try (InputStream in = url.openStream()) {
            return RealmGenerator.template(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
