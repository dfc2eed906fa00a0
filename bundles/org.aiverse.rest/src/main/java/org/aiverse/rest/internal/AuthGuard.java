package org.aiverse.rest.internal;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import org.aiverse.contracts.api.ErrorCode;
import org.aiverse.rest.RequiresOperator;
import org.aiverse.rest.RequiresScope;
import org.aiverse.rest.RestApi;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;

/**
 * Fails closed: a protected endpoint ({@link RequiresScope}, {@link RequiresOperator}) is refused with
 * {@code 401 invalid_token} unless an authentication filter (the auth bundle's, at
 * {@link Priorities#AUTHENTICATION}) has set the caller's principal. Without the auth bundle nothing protected
 * is reachable.
 */
public final class AuthGuard {

    private AuthGuard() {}

    static void check(ContainerRequestContext request) {
        if (request.getSecurityContext() == null || request.getSecurityContext().getUserPrincipal() == null) {
            request.abortWith(ErrorMapper.error(
                    401,
                    ErrorCode.INVALID_TOKEN,
                    "authentication required",
                    CorrelationFilter.correlationId(request.getHeaderString(RestApi.CORRELATION_HEADER))));
        }
    }

    /** The guard of consent-token endpoints. */
    @Component(service = ContainerRequestFilter.class)
    @JaxrsExtension
    @JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
    @RequiresScope
    @Priority(Priorities.AUTHORIZATION + 100)
    public static final class ScopeGuard implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            check(request);
        }
    }

    /** The guard of operator endpoints. */
    @Component(service = ContainerRequestFilter.class)
    @JaxrsExtension
    @JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
    @RequiresOperator
    @Priority(Priorities.AUTHORIZATION + 100)
    public static final class OperatorGuard implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            check(request);
        }
    }
}
