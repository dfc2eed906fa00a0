/** The consent contract (seed 4.4, 5.6, 7.1, 7.2): the client-signed token and its scopes. */
@Export
@Version("1.0.0")
package org.aiverse.contracts.consent;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
