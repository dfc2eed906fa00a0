package org.aiverse.headset.internal;

import java.util.List;
import java.util.Set;
import org.aiverse.contracts.adapter.AdapterHealth;

/**
 * What the headset link knows now: the runtime, the system, the session state, and its health with the OpenXR
 * error that caused it. Immutable; the link publishes a new one on every change.
 *
 * @param health {@code ok} with a session, {@code error} when no runtime was ever reached (unavailable),
 *     {@code degraded} after the runtime was lost
 * @param reason why the health is not ok (an OpenXR result name and the call), or null
 * @param runtime the runtime's name and version, or null
 * @param system the system's name, or null
 * @param orientationTracking whether the system tracks orientation
 * @param positionTracking whether the system tracks position
 * @param headless whether the session runs headless ({@code XR_MND_headless})
 * @param extensions the instance extensions the runtime offers
 * @param sessionState the OpenXR session state ({@code IDLE}, {@code READY}, ... {@code FOCUSED}), or {@code NONE}
 * @param space the base reference space ({@code STAGE} or {@code LOCAL}), or null
 * @param interactionProfiles the current interaction profile per hand path (empty when none is bound)
 * @param capabilities what the headset can carry now (intent types)
 * @param displayPeriodNanos the runtime's frame period, 0 when unknown
 */
record XrStatus(
        AdapterHealth health,
        String reason,
        String runtime,
        String system,
        boolean orientationTracking,
        boolean positionTracking,
        boolean headless,
        Set<String> extensions,
        String sessionState,
        String space,
        List<String> interactionProfiles,
        Set<String> capabilities,
        long displayPeriodNanos) {

    XrStatus {
        extensions = Set.copyOf(extensions);
        interactionProfiles = List.copyOf(interactionProfiles);
        capabilities = Set.copyOf(capabilities);
    }

    /** Before the first attempt. */
    static XrStatus starting() {
        return unavailable("not started yet");
    }

    /** No runtime could be reached. */
    static XrStatus unavailable(String reason) {
        return new XrStatus(
                AdapterHealth.ERROR,
                reason,
                null,
                null,
                false,
                false,
                false,
                Set.of(),
                "NONE",
                null,
                List.of(),
                Set.of(),
                0);
    }

    XrStatus withHealth(AdapterHealth h, String why) {
        return new XrStatus(
                h,
                why,
                runtime,
                system,
                orientationTracking,
                positionTracking,
                headless,
                extensions,
                sessionState,
                space,
                interactionProfiles,
                capabilities,
                displayPeriodNanos);
    }

    XrStatus withSessionState(String state) {
        return new XrStatus(
                health,
                reason,
                runtime,
                system,
                orientationTracking,
                positionTracking,
                headless,
                extensions,
                state,
                space,
                interactionProfiles,
                capabilities,
                displayPeriodNanos);
    }

    XrStatus withCapabilities(Set<String> caps, List<String> profiles) {
        return new XrStatus(
                health,
                reason,
                runtime,
                system,
                orientationTracking,
                positionTracking,
                headless,
                extensions,
                sessionState,
                space,
                profiles,
                caps,
                displayPeriodNanos);
    }

    XrStatus withDisplayPeriod(long nanos) {
        return new XrStatus(
                health,
                reason,
                runtime,
                system,
                orientationTracking,
                positionTracking,
                headless,
                extensions,
                sessionState,
                space,
                interactionProfiles,
                capabilities,
                nanos);
    }
}
