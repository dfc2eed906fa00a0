/**
 * Consent (seed 4.4, 5.6, 7.1, 7.2; DESIGN §3): validating client-signed tokens, the keyring of client public keys
 * and revocations by session id or key id.
 */
@Export
@Version("1.0.0")
package org.aiverse.auth.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
