/**
 * The learning updater of the Personality Core: at the end of a session the Core proposes a snapshot update (new
 * memories, changed salience) as a diff; the owner approves it (a new snapshot version), rejects it, or rolls the
 * snapshot back to an earlier version.
 */
@Export
@Version("1.0.0")
package org.aiverse.core.api.learning;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
