/**
 * Sessions (seed 3.4, 5.3, 7.3; DESIGN §6): the lifecycle an orchestrator drives, the emergency stop, the bus
 * topics by which any node observes and controls a session, and the engine protocol of engine-driven adapters.
 */
@Export
@Version("1.2.0")
package org.aiverse.session.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
