package org.aiverse.headset.internal;

/** What a headset carries: overlay requests for the HUD, and haptics. */
sealed interface HeadsetCommand {

    /** A HUD dialog (seed: {@code openDialog}, always cancellable by the user). */
    record Dialog(String title, String text) implements HeadsetCommand {}

    /** A caption line on the HUD ({@code caption}, and {@code speak} shown as its caption). */
    record Caption(String text, long millis) implements HeadsetCommand {}

    /** The emergency-stop overlay (seed 7.3: STOP in the HUD), shown or hidden. */
    record StopOverlay(boolean shown, String reason) implements HeadsetCommand {}

    /** A vibration of one hand's controller. */
    record Haptic(String hand, long millis, float amplitude) implements HeadsetCommand {}
}
