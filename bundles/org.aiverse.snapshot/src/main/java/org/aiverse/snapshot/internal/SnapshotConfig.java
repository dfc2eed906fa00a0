package org.aiverse.snapshot.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the snapshot store, PID {@code org.aiverse.snapshot} ({@code etc/org.aiverse.snapshot.cfg}). */
@ObjectClassDefinition(name = "AI-Verse snapshots", description = "Personality Snapshots and their sealed memories")
public @interface SnapshotConfig {

    @AttributeDefinition(
            description = "PKCS12 key store holding the AES key that seals memories; created on first start. Empty:"
                    + " ${karaf.etc}/aiverse-memories.p12. Every node of a cluster needs the same file")
    String keystorePath() default "";

    @AttributeDefinition(
            type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD,
            description = "Password of the key store. Empty: a random one is generated on first start and kept"
                    + " beside the key store (<path>.password, owner-only); set one in production")
    String keystorePassword() default "";
}
