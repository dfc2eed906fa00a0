package org.aiverse.memory.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.api.ErrorCode;
import org.aiverse.contracts.api.MemoryQueryRequest;
import org.aiverse.contracts.consent.Scopes;
import org.aiverse.contracts.memory.MemoryItem;
import org.aiverse.contracts.snapshot.PersonalitySnapshot;
import org.aiverse.memory.api.MemoryEngine;
import org.aiverse.memory.api.MemoryQuery;
import org.aiverse.memory.api.ScoreExplanation;
import org.aiverse.memory.api.ScoredMemory;
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
 * {@code POST /api/v1/memory/query} (seed 5.2, Frozen; scopes of DESIGN §3). The caller's consent token must carry
 * {@code memory.read.full} (all non-redacted memories) or {@code memory.read.limited} (exportable memories only),
 * else {@code 403 blocked_scope}; a snapshot that does not exist or belongs to someone else is {@code 404 not_found}.
 * Each hit is the seed's {@code {memory, score}} plus an additive {@code explanation} of the seed 4.9 terms
 * (receivers ignore unknown fields, seed 4.11). Memories carry only the fields of the seed's response.
 */
@Component(service = MemoryQueryResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("memory")
public final class MemoryQueryResource {

    /** A hit: the seed's fields plus the explanation. */
    public record ExplainedHit(MemoryItem memory, double score, Map<String, Object> explanation) {}

    /** The response: the seed's {@code items}. */
    public record Response(List<ExplainedHit> items) {}

    private final MemoryEngine engine;
    private final SnapshotStore snapshots;

    @Activate
    public MemoryQueryResource(@Reference MemoryEngine engine, @Reference SnapshotStore snapshots) {
        this.engine = engine;
        this.snapshots = snapshots;
    }

    @POST
    @Path("query")
    @RequiresScope
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response query(MemoryQueryRequest request, @Context SecurityContext security) {
        if (request == null) {
            throw new ValidationException(ValidationException.ROOT, "a JSON body is required");
        }
        boolean full = security.isUserInRole(Scopes.MEMORY_READ_FULL);
        boolean limited = security.isUserInRole(Scopes.MEMORY_READ_LIMITED);
        if (!full && !limited) {
            throw new ApiException(
                    ErrorCode.BLOCKED_SCOPE,
                    "reading memories needs " + Scopes.MEMORY_READ_LIMITED + " or " + Scopes.MEMORY_READ_FULL);
        }
        String sub = security.getUserPrincipal().getName();
        PersonalitySnapshot snapshot = snapshots.latest(request.snapshotId()).orElse(null);
        if (snapshot == null || !snapshot.ownerId().equals(sub)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "snapshot " + request.snapshotId() + " not found");
        }
        engine.reload(request.snapshotId()); // redactions and new versions take effect for every external read
        List<ScoredMemory> hits = engine.retrieve(new MemoryQuery(
                request.snapshotId(),
                request.q(),
                List.of(),
                request.topK(),
                request.filters(),
                !full,
                System.currentTimeMillis() / 1000));
        List<ExplainedHit> items = new ArrayList<>(hits.size());
        for (ScoredMemory h : hits) {
            items.add(new ExplainedHit(visible(h.memory()), h.score(), explanation(h.explanation())));
        }
        return new Response(items);
    }

    /** The fields of the seed's response: id, ts, text, tags, salience, emotion, redacted. */
    static MemoryItem visible(MemoryItem m) {
        return new MemoryItem(
                m.id(),
                m.ts(),
                m.text(),
                null,
                m.salience(),
                m.emotion(),
                null,
                m.tags(),
                null,
                null,
                null,
                null,
                m.redacted());
    }

    static Map<String, Object> explanation(ScoreExplanation x) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sim", x.sim());
        out.put("delta_t_days", x.deltaDays());
        out.put("recency", x.recency());
        out.put("emo", x.emo());
        out.put("salience", x.salience());
        out.put("tag_boost", x.tagBoost());
        out.put("pin_boost", x.pinBoost());
        out.put(
                "weights",
                Map.of(
                        "w_s", x.weights().similarity(),
                        "w_t", x.weights().recency(),
                        "w_e", x.weights().emotion(),
                        "w_g", x.weights().salience(),
                        "w_tag", x.weights().tag(),
                        "w_pin", x.weights().pin(),
                        "lambda", x.weights().lambda()));
        out.put("formula", x.explain());
        return out;
    }
}
