/**
 * The Memory Gradient Engine (seed 3.2, 4.8, 4.9): memories of a personality, written from salient percepts and
 * imported with snapshots, retrieved by the seed 4.9 score (similarity, recency decay, emotion, salience, tag and
 * pin boosts) with every term explained. Redacted memories are never retrieved; non-exportable ones never leave the
 * Core.
 */
@Export
@Version("1.1.0")
package org.aiverse.memory.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
