package org.aiverse.auth.internal;

import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Set;
import javax.annotation.Priority;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.SecurityContext;
import org.aiverse.auth.api.Consent;
import org.aiverse.auth.api.ConsentDenied;
import org.aiverse.auth.api.ConsentRequest;
import org.aiverse.auth.api.TokenValidator;
import org.aiverse.contracts.api.ErrorCode;
import org.aiverse.rest.ApiException;
import org.aiverse.rest.RequiresScope;
import org.aiverse.rest.RestApi;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;

/**
 * Guards {@link RequiresScope} endpoints (seed 5.6): validates {@code Authorization: Bearer <token>} against the
 * request's {@code Origin}, the endpoint's scopes and {@code X-Session-Id}, then exposes {@code sub} as the
 * principal and the scopes as roles. A refusal answers the seed's error envelope with the denial's code. The
 * validated {@link Consent} is available to resources as the request property {@value #CONSENT_PROPERTY}.
 */
@Component(service = ContainerRequestFilter.class)
@JaxrsExtension
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@RequiresScope
@Priority(Priorities.AUTHENTICATION)
public final class ConsentFilter implements ContainerRequestFilter {

    /** The request property holding the validated {@link Consent}. */
    public static final String CONSENT_PROPERTY = "org.aiverse.auth.consent";

    /** The header naming the platform session a request is about (seed 5.6). */
    public static final String SESSION_HEADER = "X-Session-Id";

    private final TokenValidator validator;

    @Context
    private ResourceInfo resource;

    @Context
    private HttpServletRequest servletRequest;

    @Activate
    public ConsentFilter(@Reference TokenValidator validator) {
        this.validator = validator;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String token = bearer(request.getHeaderString("Authorization"));
        if (token == null) {
            throw new ApiException(ErrorCode.INVALID_TOKEN, "Authorization: Bearer <consent token> is required");
        }
        ConsentRequest consentRequest = new ConsentRequest(
                request.getHeaderString("Origin"), requiredScopes(), request.getHeaderString(SESSION_HEADER), client());
        Consent consent;
        try {
            consent = validator.validate(token, consentRequest);
        } catch (ConsentDenied d) {
            throw new ApiException(d.code(), d.getMessage());
        }
        request.setProperty(CONSENT_PROPERTY, consent);
        boolean secure = request.getSecurityContext() != null
                && request.getSecurityContext().isSecure();
        request.setSecurityContext(new ConsentSecurityContext(consent, secure));
    }

    static String bearer(String authorization) {
        if (authorization == null || authorization.length() < 8) {
            return null;
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).strip();
        return token.isEmpty() ? null : token;
    }

    private Set<String> requiredScopes() {
        RequiresScope annotation = null;
        if (resource != null) {
            Method m = resource.getResourceMethod();
            if (m != null) {
                annotation = m.getAnnotation(RequiresScope.class);
            }
            if (annotation == null && resource.getResourceClass() != null) {
                annotation = resource.getResourceClass().getAnnotation(RequiresScope.class);
            }
        }
        return annotation == null ? Set.of() : Set.of(annotation.value());
    }

    private String client() {
        try {
            return servletRequest == null ? null : servletRequest.getRemoteAddr();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The caller as JAX-RS sees it: {@code sub} as principal, scopes as roles. */
    private record ConsentSecurityContext(Consent consent, boolean secure) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            return consent::sub;
        }

        @Override
        public boolean isUserInRole(String role) {
            return consent.hasScope(role);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return "Bearer";
        }
    }
}
