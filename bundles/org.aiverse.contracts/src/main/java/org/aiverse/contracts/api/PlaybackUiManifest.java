package org.aiverse.contracts.api;

import java.util.List;
import org.aiverse.contracts.Checks;

/**
 * Viewer preferences of the playback page (seed 3.5 Playback UI Manifest, Docs-Only); not part of the chain.
 *
 * @param captionsOn captions shown ({@code captions_on}); {@code false} when absent
 * @param highlightFilters highlight labels to show ({@code highlight_filters}); empty when absent
 * @param speed playback speed factor, above 0 and at most 16; 1 when absent
 * @param showPolicyBlocks show policy blocks ({@code show_policy_blocks}); {@code false} when absent
 * @param timeRange time window ({@code time_range}); optional
 * @param includeMedia include media ({@code include_media}); {@code false} when absent
 */
public record PlaybackUiManifest(
        Boolean captionsOn,
        List<String> highlightFilters,
        Double speed,
        Boolean showPolicyBlocks,
        TimeRange timeRange,
        Boolean includeMedia) {

    /** Validates, copies and applies defaults. */
    public PlaybackUiManifest {
        captionsOn = Boolean.TRUE.equals(captionsOn);
        highlightFilters = Checks.stringList(highlightFilters, "highlight_filters");
        speed = speed == null ? 1.0 : speed;
        Checks.require(speed > 0 && speed <= 16, "speed", "must be above 0 and at most 16");
        showPolicyBlocks = Boolean.TRUE.equals(showPolicyBlocks);
        includeMedia = Boolean.TRUE.equals(includeMedia);
    }
}
