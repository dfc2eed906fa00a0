package org.aiverse.contracts.world;

import org.aiverse.contracts.Checks;

/**
 * Comfort and accessibility settings of a world template (seed 4.10 {@code accessibility}; seed 9.1).
 *
 * @param locomotion locomotion mode; optional
 * @param vignette whether the movement vignette is on; optional
 * @param snapTurnDeg snap-turn angle in degrees, 1 to 180 ({@code snap_turn_deg}); optional
 */
public record Accessibility(Locomotion locomotion, Boolean vignette, Integer snapTurnDeg) {

    /** Validates. */
    public Accessibility {
        Checks.optionalRange(snapTurnDeg, 1, 180, "snap_turn_deg");
    }
}
