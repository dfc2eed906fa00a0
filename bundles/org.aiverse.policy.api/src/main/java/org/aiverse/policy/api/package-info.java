/**
 * The Safety Gate (seed 3.3, 4.6, 4.6.1, 4.6.2, 4.7, 5.1; DESIGN §4): explainable, ordered policy decisions for
 * every intent, live or dry-run, with per-minute metrics and the privacy index of non-exportable memories.
 */
@Export
@Version("1.1.0")
package org.aiverse.policy.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
