package org.aiverse.contracts.intent;

import java.util.List;

/**
 * The intent types (adapter capabilities) named by the seed (seed 3.3 Event Mapping and Capability Matrix). The
 * set is open: adapters advertise further capabilities in their manifest.
 */
public final class IntentTypes {

    /** Speech: TTS with lip-sync. */
    public static final String SPEAK = "speak";
    /** Locomotion to a waypoint. */
    public static final String MOVE = "move";
    /** A named animation. */
    public static final String ANIMATE = "animate";
    /** A sandboxed purchase; needs policy allow and budget. */
    public static final String BUY_ITEM = "buyItem";
    /** A cancellable UI panel. */
    public static final String OPEN_DIALOG = "openDialog";
    /** The capabilities of the seed's capability matrix, in its order. */
    public static final List<String> ALL = List.of(SPEAK, MOVE, ANIMATE, BUY_ITEM, OPEN_DIALOG);

    private IntentTypes() {}
}
