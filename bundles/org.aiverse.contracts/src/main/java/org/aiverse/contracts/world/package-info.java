/** The World Fabric template contract (seed 4.10, Frozen): theme, layers, spawn points, hooks and caps. */
@Export
@Version("1.0.0")
package org.aiverse.contracts.world;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
