/**
 * The Adapter SDK (seed 3.3, Frozen): the adapter SPI and its session-bound handle, the manifest, events,
 * action results, state and error codes.
 */
@Export
@Version("1.1.0")
package org.aiverse.contracts.adapter;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
