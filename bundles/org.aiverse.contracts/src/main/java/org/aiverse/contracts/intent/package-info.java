/** The Intent contract (seed 4.2, 3.3): the normalized action the Core emits towards adapters. */
@Export
@Version("1.0.0")
package org.aiverse.contracts.intent;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
