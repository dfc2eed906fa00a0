package org.aiverse.auth.internal;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import javax.annotation.Priority;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.core.SecurityContext;
import org.aiverse.contracts.api.ErrorCode;
import org.aiverse.rest.ApiException;
import org.aiverse.rest.RequiresOperator;
import org.aiverse.rest.RestApi;
import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards {@link RequiresOperator} endpoints: HTTP Basic checked against Karaf's JAAS realm {@code karaf}
 * ({@code etc/users.properties}; no user and no default password ship), role {@value #ROLE}. No credentials or
 * wrong ones: {@code 401 invalid_token}; a user without the role: {@code 403 blocked_scope}.
 */
@Component(service = ContainerRequestFilter.class)
@JaxrsExtension
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@RequiresOperator
@Priority(Priorities.AUTHENTICATION)
public final class OperatorFilter implements ContainerRequestFilter {

    /** The role an operator must have. */
    public static final String ROLE = "aiverse-operator";

    /** The JAAS realm. */
    public static final String REALM = "karaf";

    private static final Logger LOG = LoggerFactory.getLogger(OperatorFilter.class);

    @Override
    public void filter(ContainerRequestContext request) {
        String[] credentials = basic(request.getHeaderString("Authorization"));
        if (credentials == null) {
            throw new ApiException(ErrorCode.INVALID_TOKEN, "operator credentials required (HTTP Basic)");
        }
        Subject subject = login(credentials[0], credentials[1]);
        if (subject == null) {
            LOG.info("operator login failed: reason_code=invalid_token user={}", credentials[0]);
            throw new ApiException(ErrorCode.INVALID_TOKEN, "operator credentials not accepted");
        }
        Set<String> roles = new HashSet<>();
        for (Principal p : subject.getPrincipals(RolePrincipal.class)) {
            roles.add(p.getName());
        }
        if (!roles.contains(ROLE)) {
            LOG.info("operator denied: reason_code=blocked_scope user={} lacks role {}", credentials[0], ROLE);
            throw new ApiException(ErrorCode.BLOCKED_SCOPE, "role " + ROLE + " required");
        }
        String user = credentials[0];
        boolean secure = request.getSecurityContext() != null
                && request.getSecurityContext().isSecure();
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return () -> user;
            }

            @Override
            public boolean isUserInRole(String role) {
                return roles.contains(role);
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return SecurityContext.BASIC_AUTH;
            }
        });
    }

    static String[] basic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    /** Logs in against the realm; {@code null} when refused. */
    private static Subject login(String user, String password) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // LoginContext loads the realm's login module (Karaf's ProxyLoginModule) through the context class loader
        thread.setContextClassLoader(ProxyLoginModule.class.getClassLoader());
        try {
            Subject subject = new Subject();
            LoginContext login = new LoginContext(REALM, subject, callbacks -> {
                for (Callback c : callbacks) {
                    if (c instanceof NameCallback n) {
                        n.setName(user);
                    } else if (c instanceof PasswordCallback p) {
                        p.setPassword(password.toCharArray());
                    } else {
                        throw new UnsupportedCallbackException(c);
                    }
                }
            });
            login.login();
            return subject;
        } catch (LoginException e) {
            return null;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
