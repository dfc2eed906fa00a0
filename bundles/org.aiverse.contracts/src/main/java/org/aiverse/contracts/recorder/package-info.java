/** The Session Recorder contracts (seed 4.3, 3.5): session events, their actors and types, and the hash chain. */
@Export
@Version("1.0.0")
package org.aiverse.contracts.recorder;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
