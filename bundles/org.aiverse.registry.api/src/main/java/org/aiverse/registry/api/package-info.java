/** The bridge registry (seed 5.7): adapters and worlds, live and registered. */
@Export
@Version("1.0.0")
package org.aiverse.registry.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
