/** The Percept contract (seed 4.5): what the engine reports to the Personality Core. */
@Export
@Version("1.0.0")
package org.aiverse.contracts.percept;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
