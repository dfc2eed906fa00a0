/** Personality Snapshots (seed 4.1): registered, versioned snapshot metadata. */
@Export
@Version("1.2.0")
package org.aiverse.snapshot.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
