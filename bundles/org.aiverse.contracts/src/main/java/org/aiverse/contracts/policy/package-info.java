/**
 * The policy contracts (seed 4.6, 4.6.1, 4.6.2, 4.7; DESIGN §4): policies, explainable decisions, their checks
 * and reason codes.
 */
@Export
@Version("1.0.0")
package org.aiverse.contracts.policy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
