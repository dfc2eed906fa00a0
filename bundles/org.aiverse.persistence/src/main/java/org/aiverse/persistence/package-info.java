/**
 * The platform database: the configured {@link javax.sql.DataSource}, per-module schema migrations and a
 * transaction helper for resource-local JPA. Domain bundles keep their own entities and persistence units
 * and call {@link org.aiverse.persistence.Database#migrate} for their own migrations before first use.
 */
@Export
@Version("1.1.0")
package org.aiverse.persistence;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
