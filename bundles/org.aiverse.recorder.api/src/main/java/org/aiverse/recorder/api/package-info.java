/**
 * The Session Recorder (seed 3.5, 5.5, 7.4): the append-only, hash-chained event log of every session, its
 * playback and verification, media, retention, redaction and export.
 */
@Export
@Version("1.3.0")
package org.aiverse.recorder.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
