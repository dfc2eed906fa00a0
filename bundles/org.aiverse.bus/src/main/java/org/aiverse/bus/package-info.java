/** The realtime bus: named publish/subscribe topics shared by every node of the platform. */
@Export
@Version("1.1.0")
package org.aiverse.bus;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
