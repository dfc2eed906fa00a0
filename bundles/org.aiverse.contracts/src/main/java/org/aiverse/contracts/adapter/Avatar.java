package org.aiverse.contracts.adapter;

import org.aiverse.contracts.Checks;

/**
 * The avatar of a manifest's agent (seed 3.3 {@code agent.avatar}, Frozen).
 *
 * @param type avatar kind, required
 * @param voiceProfile TTS voice ({@code voice_profile}); optional
 */
public record Avatar(AvatarType type, String voiceProfile) {

    /** Validates. */
    public Avatar {
        Checks.requireNonNull(type, "type");
        Checks.optionalNonBlank(voiceProfile, "voice_profile");
    }
}
