/** The Personality Snapshot contract (seed 4.1): profile, policies, memory index and artifact references. */
@Export
@Version("1.0.0")
package org.aiverse.contracts.snapshot;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
