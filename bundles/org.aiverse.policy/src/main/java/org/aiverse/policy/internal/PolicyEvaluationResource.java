package org.aiverse.policy.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.api.ErrorCode;
import org.aiverse.contracts.api.EvaluationContext;
import org.aiverse.contracts.api.PolicyEvaluationRequest;
import org.aiverse.contracts.api.PolicyEvaluationResponse;
import org.aiverse.contracts.consent.Scopes;
import org.aiverse.contracts.snapshot.PersonalitySnapshot;
import org.aiverse.policy.api.PolicyContext;
import org.aiverse.policy.api.PolicyGate;
import org.aiverse.rest.ApiException;
import org.aiverse.rest.RequiresScope;
import org.aiverse.rest.RestApi;
import org.aiverse.snapshot.api.SnapshotStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code POST /api/v1/policies/evaluate} (seed 5.1, Frozen): a dry-run of the Safety Gate on a candidate intent,
 * against the latest version of the caller's snapshot. Always a dry-run: nothing moves, nothing is recorded. The
 * caller's consent token ({@code persona.use}) gives the owner ({@code sub}) and the scopes the checks see; a
 * snapshot that does not exist, or belongs to someone else, is {@code 404 not_found}.
 */
@Component(service = PolicyEvaluationResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("policies")
public final class PolicyEvaluationResource {

    private static final List<String> KNOWN_SCOPES =
            List.of(Scopes.PERSONA_USE, Scopes.MEMORY_READ_LIMITED, Scopes.MEMORY_READ_FULL);

    private final PolicyGate gate;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SnapshotStore snapshots;

    @Activate
    public PolicyEvaluationResource(@Reference PolicyGate gate) {
        this.gate = gate;
    }

    @POST
    @Path("evaluate")
    @RequiresScope(Scopes.PERSONA_USE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public PolicyEvaluationResponse evaluate(PolicyEvaluationRequest request, @Context SecurityContext security) {
        if (request == null) {
            throw new ValidationException(ValidationException.ROOT, "a JSON body is required");
        }
        String sub = security.getUserPrincipal().getName();
        SnapshotStore store = snapshots;
        PersonalitySnapshot snapshot =
                store == null ? null : store.latest(request.snapshotId()).orElse(null);
        if (snapshot == null || !snapshot.ownerId().equals(sub)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "snapshot " + request.snapshotId() + " not found");
        }
        EvaluationContext ec = request.context();
        PolicyContext context;
        try {
            context = gate.context(
                    snapshot,
                    grantedScopes(security),
                    ec == null ? null : ec.sessionId(),
                    ec == null ? null : ec.worldId(),
                    ec == null ? null : ec.mode());
        } catch (ValidationException e) {
            throw e.withPrefix("snapshot");
        }
        return PolicyEvaluationResponse.of(gate.dryRun(request.intent(), context));
    }

    private Set<String> grantedScopes(SecurityContext security) {
        Set<String> candidates = new LinkedHashSet<>(KNOWN_SCOPES);
        gate.info().scopeRequirements().values().forEach(candidates::addAll);
        Set<String> granted = new LinkedHashSet<>();
        for (String scope : candidates) {
            if (security.isUserInRole(scope)) {
                granted.add(scope);
            }
        }
        return granted;
    }
}
