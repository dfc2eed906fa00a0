package org.aiverse.web.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.aiverse.contracts.snapshot.PersonalitySnapshot;
import org.aiverse.contracts.world.WorldFabricTemplate;
import org.aiverse.json.Canonical;
import org.aiverse.json.Hashes;
import org.aiverse.json.Json;

/**
 * Produces the realm a world shows from a World Fabric template (seed 4.10) and a Personality Snapshot: the
 * snapshot's tone and tags map to the theme and the layers' parameters, the terrain seed is derived from the
 * template, the world and the snapshot version, and the template's {@code constraints} cap what the realm may
 * spawn. A pure function: the same template, world and snapshot version always give the same bytes (RFC 8785).
 *
 * <p>Tags are the snapshot's tone traits weighing at least {@value #TAG_THRESHOLD}, sorted. Each known trait moves
 * the parameters by its weight (0 to 1): {@code curious} adds islands and foliage species, {@code formal} raises the
 * terrain, adds pavilions and brightens the light, {@code playful}/{@code friendly}/{@code warm} bring morning light
 * and denser foliage, {@code calm} lowers the terrain and brings night. The strongest tag picks the theme.
 */
final class RealmGenerator {

    /** The weight from which a tone trait becomes a tag. */
    static final double TAG_THRESHOLD = 0.5;

    /** Foliage instances per unit of density before the particle cap. */
    static final int FOLIAGE_PER_DENSITY = 10_000;

    /** Themes a dominant tag selects: name and palette. */
    private static final Map<String, List<Object>> THEMES = Map.of(
            "formal", List.of("marble_terraces", List.of("#e8e4d8", "#1b1f2a", "#8c7851")),
            "playful", List.of("sunlit_meadows", List.of("#ffd166", "#06263a", "#ef476f")),
            "friendly", List.of("sunlit_meadows", List.of("#ffd166", "#06263a", "#ef476f")),
            "warm", List.of("amber_dunes", List.of("#f4a261", "#2a1a12", "#e76f51")),
            "calm", List.of("misty_lagoon", List.of("#a8dadc", "#0b1d2a", "#457b9d")));

    /** Foliage species a tag adds. */
    private static final Map<String, String> SPECIES = Map.of(
            "curious", "question_vine",
            "playful", "bounce_moss",
            "friendly", "sun_daisy",
            "warm", "ember_grass",
            "calm", "still_lotus",
            "formal", "topiary_cone");

    private RealmGenerator() {}

    /** Reads and validates a template (seed 4.10) from its JSON. */
    static Map<String, Object> template(byte[] json) {
        @SuppressWarnings("unchecked")
        Map<String, Object> raw = Json.read(json, Map.class);
        Json.convert(raw, WorldFabricTemplate.class); // validates, naming the bad field
        return raw;
    }

    /**
     * The realm of {@code worldId} for one snapshot version, as canonical JSON.
     *
     * @param template the template, as {@link #template(byte[])} read it
     * @param worldId the world showing the realm
     * @param snapshot the snapshot version
     */
    static String realm(Map<String, Object> template, String worldId, PersonalitySnapshot snapshot) {
        String templateId = (String) template.get("template_id");
        Map<String, Double> tone = new TreeMap<>();
        if (snapshot.profile() != null) {
            snapshot.profile().tone().forEach((k, v) -> {
                if (v != null) {
                    tone.put(k, Math.max(0, Math.min(1, v)));
                }
            });
        }
        TreeSet<String> tags = new TreeSet<>();
        tone.forEach((k, v) -> {
            if (v >= TAG_THRESHOLD) {
                tags.add(k);
            }
        });
        long seed = seed(templateId, worldId, snapshot.id(), snapshot.version());
        Map<String, Object> constraints = map(template.get("constraints"));
        int maxParticles = intOr(constraints.get("max_particles"), Integer.MAX_VALUE);
        int maxAgents = intOr(constraints.get("max_agents"), Integer.MAX_VALUE);
        List<String> limits = new ArrayList<>();

        double curious = tone.getOrDefault("curious", 0.0);
        double formal = tone.getOrDefault("formal", 0.0);
        double calm = tone.getOrDefault("calm", 0.0);
        double lively = Math.max(
                tone.getOrDefault("playful", 0.0),
                Math.max(tone.getOrDefault("friendly", 0.0), tone.getOrDefault("warm", 0.0)));

        Map<String, Object> theme = new LinkedHashMap<>(map(template.get("theme")));
        String dominant = dominant(tone, tags);
        if (dominant != null && THEMES.containsKey(dominant)) {
            theme.put("name", THEMES.get(dominant).get(0));
            theme.put("palette", THEMES.get(dominant).get(1));
        }

        List<Object> layers = new ArrayList<>();
        for (Object l : list(template.get("layers"))) {
            Map<String, Object> layer = new LinkedHashMap<>(map(l));
            Map<String, Object> params = new LinkedHashMap<>(map(layer.get("params")));
            switch (String.valueOf(layer.get("name"))) {
                case "terrain" -> {
                    params.put("seed", seed);
                    params.put("islands", clamp(intOr(params.get("islands"), 1) + (int) Math.round(curious * 2), 1, 8));
                    params.put(
                            "elevation_bias",
                            round(clamp(dbl(params.get("elevation_bias"), 0.2) + 0.3 * formal - 0.2 * calm, 0, 1)));
                }
                case "foliage" -> {
                    double density = clamp(dbl(params.get("density"), 0.5) * (1 + 0.4 * lively + 0.2 * curious), 0, 1);
                    List<Object> species = new ArrayList<>(list(params.get("species")));
                    for (String tag : tags) {
                        String s = SPECIES.get(tag);
                        if (s != null && !species.contains(s)) {
                            species.add(s);
                        }
                    }
                    int instances = (int) Math.round(density * FOLIAGE_PER_DENSITY);
                    if (instances > maxParticles) {
                        instances = maxParticles;
                        limits.add("foliage.instances capped at max_particles " + maxParticles);
                    }
                    params.put("density", round(density));
                    params.put("species", species);
                    params.put("instances", instances);
                }
                case "structures" -> params.put(
                        "pavilions", clamp(intOr(params.get("pavilions"), 0) + (int) Math.round(formal * 2), 0, 8));
                case "lighting" -> {
                    String time = String.valueOf(params.getOrDefault("time_of_day", "dusk"));
                    if (calm >= TAG_THRESHOLD && calm >= lively && calm >= formal) {
                        time = "night";
                    } else if (formal >= TAG_THRESHOLD && formal >= lively) {
                        time = "noon";
                    } else if (lively >= TAG_THRESHOLD) {
                        time = "morning";
                    }
                    params.put("time_of_day", time);
                    params.put(
                            "intensity",
                            round(clamp(dbl(params.get("intensity"), 0.8) + 0.2 * formal - 0.3 * calm, 0.1, 1)));
                }
                default -> {
                    // unknown layers pass through unchanged
                }
            }
            layer.put("params", params);
            layers.add(layer);
        }

        List<Object> spawns = new ArrayList<>(list(template.get("spawn_points")));
        int agents = Math.min(maxAgents, 2); // the AI and the visitor
        if (agents < 2) {
            limits.add("agents capped at max_agents " + maxAgents);
        }

        Map<String, Object> realm = new LinkedHashMap<>();
        realm.put(
                "realm_id",
                "realm_"
                        + Hashes.sha256Hex((Object) List.of(templateId, worldId, snapshot.id(), snapshot.version()))
                                .substring(0, 16));
        realm.put("world_id", worldId);
        realm.put("snapshot_id", snapshot.id());
        realm.put("snapshot_version", snapshot.version());
        realm.put("template_id", templateId);
        realm.put("seed", seed);
        realm.put("tags", List.copyOf(tags));
        realm.put("theme", theme);
        realm.put("layers", layers);
        realm.put("spawn_points", spawns);
        realm.put("agents", agents);
        copy(template, realm, "accessibility", "content_hooks", "performance", "localization", "constraints");
        realm.put("limits_applied", limits);
        return Canonical.canonicalString(realm);
    }

    /** The terrain seed: the first 31 bits of SHA-256 over template, world, snapshot and version. */
    static long seed(String templateId, String worldId, String snapshotId, int version) {
        byte[] h = Hashes.sha256(
                (templateId + "|" + worldId + "|" + snapshotId + "|" + version).getBytes(StandardCharsets.UTF_8));
        return ((h[0] & 0x7fL) << 24) | ((h[1] & 0xffL) << 16) | ((h[2] & 0xffL) << 8) | (h[3] & 0xffL);
    }

    private static String dominant(Map<String, Double> tone, TreeSet<String> tags) {
        String best = null;
        for (String tag : tags) { // sorted: ties go to the first name
            if (best == null || tone.get(tag) > tone.get(best)) {
                best = tag;
            }
        }
        return best;
    }

    private static void copy(Map<String, Object> from, Map<String, Object> to, String... keys) {
        for (String k : keys) {
            if (from.get(k) != null) {
                to.put(k, from.get(k));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : List.of();
    }

    private static int intOr(Object o, int fallback) {
        return o instanceof Number n ? n.intValue() : fallback;
    }

    private static double dbl(Object o, double fallback) {
        return o instanceof Number n ? n.doubleValue() : fallback;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
