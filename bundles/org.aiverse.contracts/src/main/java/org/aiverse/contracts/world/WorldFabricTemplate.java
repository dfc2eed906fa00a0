package org.aiverse.contracts.world;

import java.util.List;
import org.aiverse.contracts.Checks;

/**
 * A World Fabric template: the recipe of a procedurally layered realm (seed 4.10, Frozen).
 *
 * @param templateId template id ({@code template_id}), required
 * @param theme look and sound, required
 * @param layers procedural layers in application order; empty when absent
 * @param spawnPoints where agents may appear ({@code spawn_points}); empty when absent
 * @param accessibility comfort settings; optional
 * @param contentHooks intents emitted on world triggers ({@code content_hooks}); empty when absent
 * @param performance frame budgets and LOD; optional
 * @param localization locales; optional
 * @param constraints hard caps enforced in the realm; optional
 */
public record WorldFabricTemplate(
        String templateId,
        Theme theme,
        List<Layer> layers,
        List<SpawnPoint> spawnPoints,
        Accessibility accessibility,
        List<ContentHook> contentHooks,
        Performance performance,
        Localization localization,
        Constraints constraints) {

    /** Validates and copies. */
    public WorldFabricTemplate {
        Checks.requireNonBlank(templateId, "template_id");
        Checks.requireNonNull(theme, "theme");
        layers = Checks.list(layers, "layers");
        spawnPoints = Checks.list(spawnPoints, "spawn_points");
        contentHooks = Checks.list(contentHooks, "content_hooks");
    }
}
