/**
 * The Personality Core (seed 3.2, 6.2): one single-threaded decision loop per session, fed with percepts and emitting
 * only intents the Safety Gate allowed and the session's negotiated capabilities cover. The session layer opens a
 * {@link org.aiverse.core.api.CoreSession} per session, feeds it percepts, executes the intents it hands to the
 * {@link org.aiverse.core.api.IntentSink} and reports their results back.
 */
@Export
@Version("1.0.0")
package org.aiverse.core.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
