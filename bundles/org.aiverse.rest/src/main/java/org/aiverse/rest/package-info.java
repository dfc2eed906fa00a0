/**
 * The REST application {@code /api/v1}: constants to join it and the exception that answers with a seed error.
 * A resource joins with {@code @JaxrsResource @JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)}.
 */
@Export
@Version("1.0.0")
package org.aiverse.rest;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
