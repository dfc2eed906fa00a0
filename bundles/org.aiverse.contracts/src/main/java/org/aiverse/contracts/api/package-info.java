/**
 * The request and response types of the backend API (seed 5.1–5.8, Frozen): policy evaluation, memory query,
 * session lifecycle, the session WebSocket envelope and payloads, playback, bridge registry and the error envelope
 * with its codes.
 */
@Export
@Version("1.1.0")
package org.aiverse.contracts.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
