package org.aiverse.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import javax.ws.rs.NameBinding;

/**
 * Marks a resource method (or class) that needs a valid consent token (seed 5.6, DESIGN §3) carrying all the
 * given scopes. The auth bundle's request filter is bound to this annotation; it answers {@code 401} or
 * {@code 403} in the seed's error envelope, and on success exposes the token's {@code sub} as the request's
 * {@link javax.ws.rs.core.SecurityContext#getUserPrincipal() user principal} and each scope as a role
 * ({@link javax.ws.rs.core.SecurityContext#isUserInRole(String)}).
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresScope {

    /** The scopes the token must carry, e.g. {@code persona.use}; empty means any valid token. */
    String[] value() default {};
}
