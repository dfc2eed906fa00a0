package org.aiverse.contracts.consent;

/** The consent scopes (seed 4.4; their meaning is fixed by DESIGN §3). */
public final class Scopes {

    /** Sessions, snapshots, policy dry-runs and one's own playback. */
    public static final String PERSONA_USE = "persona.use";
    /** Reading exportable memories only. */
    public static final String MEMORY_READ_LIMITED = "memory.read.limited";
    /** Reading all non-redacted memories. */
    public static final String MEMORY_READ_FULL = "memory.read.full";

    private Scopes() {}
}
