/** Contract versioning (seed 4.11, Frozen): the contract version constant and Semantic Versions. */
@Export
@Version("1.0.0")
package org.aiverse.contracts.version;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
