package org.aiverse.contracts.world;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.aiverse.contracts.Checks;

/**
 * Locales of a world template (seed 4.10 {@code localization}).
 *
 * @param defaultLocale the default locale (wire name {@code default}), required
 * @param supported supported locales; empty when absent, else containing the default
 */
public record Localization(@JsonProperty("default") String defaultLocale, List<String> supported) {

    /** Validates and copies. */
    public Localization {
        Checks.requireNonBlank(defaultLocale, "default");
        supported = Checks.stringList(supported, "supported");
        Checks.require(
                supported.isEmpty() || supported.contains(defaultLocale), "supported", "must contain the default");
    }
}
