/**
 * The adapter SDK (seed 3.3 Adapter SDK, Frozen): extend {@link org.aiverse.adapter.sdk.AbstractAdapter}, write
 * {@code translate} and {@code perform}, register the adapter as an OSGi service with the
 * {@link org.aiverse.contracts.adapter.Adapter} service properties, and the SDK does the rest.
 */
@Export
@Version("1.0.0")
package org.aiverse.adapter.sdk;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
