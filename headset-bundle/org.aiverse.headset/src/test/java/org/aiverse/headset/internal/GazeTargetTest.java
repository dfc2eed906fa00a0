package org.aiverse.headset.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.aiverse.contracts.ValidationException;
import org.junit.jupiter.api.Test;

/** What the user looks at: the nearest sphere on the gaze ray. */
class GazeTargetTest {

    /** Standing at the origin, 1.6 m high, looking straight ahead (-Z). */
    private static HeadPose ahead() {
        return new HeadPose("STAGE", 0, 1.6, 0, 0, 0, 0, 1, 0xF, 1, 1);
    }

    @Test
    void theNearestTargetOnTheRayWins() {
        List<GazeTarget> targets = List.of(
                new GazeTarget("far", 0, 1.6, -5, 0.5),
                new GazeTarget("near", 0, 1.6, -2, 0.5),
                new GazeTarget("aside", 3, 1.6, -2, 0.5));
        GazeTarget.Hit hit = GazeTarget.lookedAt(ahead(), targets).orElseThrow();
        assertThat(hit.id()).isEqualTo("near");
        assertThat(hit.distance()).isCloseTo(1.5, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void turningTheHeadChangesTheTarget() {
        // 90 degrees to the left about +Y: forward becomes -X
        double s = Math.sqrt(0.5);
        HeadPose left = new HeadPose("STAGE", 0, 1.6, 0, 0, s, 0, s, 0xF, 1, 1);
        List<GazeTarget> targets =
                List.of(new GazeTarget("front", 0, 1.6, -2, 0.5), new GazeTarget("left", -2, 1.6, 0, 0.5));
        assertThat(GazeTarget.lookedAt(left, targets).orElseThrow().id()).isEqualTo("left");
    }

    @Test
    void nothingBehindAndNothingWithoutAValidPose() {
        List<GazeTarget> behind = List.of(new GazeTarget("behind", 0, 1.6, 3, 0.5));
        assertThat(GazeTarget.lookedAt(ahead(), behind)).isEmpty();
        HeadPose untracked = new HeadPose("STAGE", 0, 1.6, 0, 0, 0, 0, 1, 0, 1, 1);
        assertThat(GazeTarget.lookedAt(untracked, List.of(new GazeTarget("t", 0, 1.6, -2, 0.5))))
                .isEmpty();
    }

    @Test
    void insideATargetIsDistanceZero() {
        assertThat(GazeTarget.lookedAt(ahead(), List.of(new GazeTarget("room", 0, 1.6, 0, 3)))
                        .orElseThrow()
                        .distance())
                .isZero();
    }

    @Test
    void configurationAndWorldPayloadsParse() {
        assertThat(GazeTarget.parse(new String[] {"statue=1,1.5,-3,0.4", " "}))
                .containsExactly(new GazeTarget("statue", 1, 1.5, -3, 0.4));
        assertThatThrownBy(() -> GazeTarget.parse(new String[] {"statue=1,2"}))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("gaze_targets");
        assertThat(GazeTarget.fromPayload(
                        Map.of("entities", List.of(Map.of("id", "npc_42", "x", 1, "y", 1.7, "z", -2.0)))))
                .hasValue(List.of(new GazeTarget("npc_42", 1, 1.7, -2, 0.5)));
        assertThat(GazeTarget.fromPayload(Map.of("other", 1))).isEmpty();
    }
}
