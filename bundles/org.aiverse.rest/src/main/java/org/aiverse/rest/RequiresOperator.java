package org.aiverse.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import javax.ws.rs.NameBinding;

/**
 * Marks an operator endpoint (bridge registration, retention overrides, hot swap, every session's data): HTTP
 * Basic against Karaf's JAAS realm, role {@code aiverse-operator} (DESIGN §3). The auth bundle's filter is bound
 * to this annotation.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresOperator {}
