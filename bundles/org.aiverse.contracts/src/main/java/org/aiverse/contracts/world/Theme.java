package org.aiverse.contracts.world;

import java.util.List;
import java.util.regex.Pattern;
import org.aiverse.contracts.Checks;

/**
 * The theme of a world template (seed 4.10 {@code theme}).
 *
 * @param name theme name, required
 * @param palette colours as {@code #rgb}, {@code #rrggbb} or {@code #rrggbbaa}; empty when absent
 * @param music reference to the ambient track; optional
 */
public record Theme(String name, List<String> palette, String music) {

    private static final Pattern COLOUR = Pattern.compile("#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})");

    /** Validates and copies. */
    public Theme {
        Checks.requireNonBlank(name, "name");
        palette = Checks.list(palette, "palette");
        for (int i = 0; i < palette.size(); i++) {
            Checks.require(
                    COLOUR.matcher(palette.get(i)).matches(), "palette[" + i + "]", "must be a colour like #0ff0f0");
        }
        Checks.optionalNonBlank(music, "music");
    }
}
