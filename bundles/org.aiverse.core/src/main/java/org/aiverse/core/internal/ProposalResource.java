package org.aiverse.core.internal;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.api.ErrorCode;
import org.aiverse.contracts.consent.Scopes;
import org.aiverse.contracts.snapshot.PersonalitySnapshot;
import org.aiverse.core.api.learning.Proposal;
import org.aiverse.core.api.learning.SnapshotProposals;
import org.aiverse.rest.ApiException;
import org.aiverse.rest.RequiresScope;
import org.aiverse.rest.RestApi;
import org.aiverse.snapshot.api.SnapshotStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * The owner's learning updates over REST; every call needs the owner's consent token with {@code persona.use}
 * (another user's snapshot is {@code 403 blocked_scope}, an unknown one {@code 404 not_found}).
 *
 * <ul>
 *   <li>{@code GET /api/v1/snapshots/{id}/proposals}: {@code {"proposals": [...]}}, newest first;
 *   <li>{@code GET /api/v1/snapshots/{id}/proposals/{pid}}: one proposal;
 *   <li>{@code POST .../proposals/{pid}/approve}: a new snapshot version ({@code result_version}); a proposal that
 *       is not pending is {@code 409 conflict};
 *   <li>{@code POST .../proposals/{pid}/reject};
 *   <li>{@code POST .../proposals/rollback} {@code {"version": n}}: version n's content becomes a new version;
 *       answers {@code {"snapshot_id", "version", "restored_from"}}.
 * </ul>
 */
@Component(service = ProposalResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("snapshots/{id}/proposals")
@Produces(MediaType.APPLICATION_JSON)
public final class ProposalResource {

    private final SnapshotProposals proposals;
    private final SnapshotStore snapshots;

    @Activate
    public ProposalResource(@Reference SnapshotProposals proposals, @Reference SnapshotStore snapshots) {
        this.proposals = proposals;
        this.snapshots = snapshots;
    }

    private void owner(String id, SecurityContext caller) {
        PersonalitySnapshot s =
                snapshots.latest(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no snapshot " + id));
        String sub = caller == null || caller.getUserPrincipal() == null
                ? null
                : caller.getUserPrincipal().getName();
        if (!s.ownerId().equals(sub)) {
            throw new ApiException(ErrorCode.BLOCKED_SCOPE, "only the owner may manage snapshot " + id);
        }
    }

    @GET
    @RequiresScope(Scopes.PERSONA_USE)
    public Map<String, List<Proposal>> list(@PathParam("id") String id, @Context SecurityContext caller) {
        owner(id, caller);
        return Map.of("proposals", proposals.list(id));
    }

    @GET
    @Path("{pid}")
    @RequiresScope(Scopes.PERSONA_USE)
    public Proposal get(@PathParam("id") String id, @PathParam("pid") String pid, @Context SecurityContext caller) {
        owner(id, caller);
        return proposals
                .get(pid)
                .filter(p -> p.snapshotId().equals(id))
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no proposal " + pid));
    }

    @POST
    @Path("{pid}/approve")
    @RequiresScope(Scopes.PERSONA_USE)
    public Proposal approve(@PathParam("id") String id, @PathParam("pid") String pid, @Context SecurityContext caller) {
        owner(id, caller);
        try {
            return proposals.approve(id, pid);
        } catch (NoSuchElementException e) {
            throw new ApiException(ErrorCode.NOT_FOUND, e.getMessage());
        } catch (IllegalStateException e) {
            throw new ApiException(ErrorCode.CONFLICT, e.getMessage());
        }
    }

    @POST
    @Path("{pid}/reject")
    @RequiresScope(Scopes.PERSONA_USE)
    public Proposal reject(@PathParam("id") String id, @PathParam("pid") String pid, @Context SecurityContext caller) {
        owner(id, caller);
        try {
            return proposals.reject(id, pid);
        } catch (NoSuchElementException e) {
            throw new ApiException(ErrorCode.NOT_FOUND, e.getMessage());
        } catch (IllegalStateException e) {
            throw new ApiException(ErrorCode.CONFLICT, e.getMessage());
        }
    }

    @POST
    @Path("rollback")
    @RequiresScope(Scopes.PERSONA_USE)
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> rollback(
            @PathParam("id") String id, Map<String, Object> body, @Context SecurityContext caller) {
        if (body == null || !(body.get("version") instanceof Number n) || n.intValue() < 1) {
            throw new ValidationException("version", "must be a positive integer: the version to restore");
        }
        owner(id, caller);
        try {
            int created = proposals.rollback(id, n.intValue());
            return Map.of("snapshot_id", id, "version", created, "restored_from", n.intValue());
        } catch (NoSuchElementException e) {
            throw new ApiException(ErrorCode.NOT_FOUND, e.getMessage());
        } catch (IllegalStateException e) {
            throw new ApiException(ErrorCode.CONFLICT, e.getMessage());
        }
    }
}
