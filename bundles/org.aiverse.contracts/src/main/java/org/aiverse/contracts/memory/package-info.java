/** The Memory Item contract (seed 4.8; retrieval of 4.9): memories with emotion, privacy, retention and links. */
@Export
@Version("1.0.0")
package org.aiverse.contracts.memory;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
