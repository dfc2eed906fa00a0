package org.aiverse.contracts.intent;

import java.util.List;

/** The target kinds of an Intent (seed 4.2 {@code user|npc|object|world}; policy allowlist of seed 4.7). */
public final class IntentTargets {

    /** The human user. */
    public static final String USER = "user";
    /** A non-player character. */
    public static final String NPC = "npc";
    /** An object in the world. */
    public static final String OBJECT = "object";
    /** The world itself. */
    public static final String WORLD = "world";
    /** All target kinds, in the seed's order. */
    public static final List<String> ALL = List.of(USER, NPC, OBJECT, WORLD);

    private IntentTargets() {}
}
