/**
 * The one JSON mapping of AI-Verse ({@link org.aiverse.json.Json}), RFC 8785 canonical JSON ({@link
 * org.aiverse.json.Canonical}) and SHA-256 hashing including the recorder's frozen event hash ({@link
 * org.aiverse.json.Hashes}); seed 3.5, 4.11 and DESIGN §2, §5.
 */
@Export
@Version("1.1.0")
package org.aiverse.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
