/**
 * The AI-Verse data contracts: records, enums and SPIs for every contract of the seed (sections 3.3, 4.1–4.11,
 * 5.1–5.8), grouped by area in subpackages. This root package holds what they share: {@link
 * org.aiverse.contracts.ValidationException}, the validator {@link org.aiverse.contracts.Checks} and {@link
 * org.aiverse.contracts.WireValue}.
 */
@Export
@Version("1.0.0")
package org.aiverse.contracts;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
