/** Component health (observability, seed 8): the health record and the contributor service interface. */
@Export
@Version("1.0.0")
package org.aiverse.contracts.health;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
