package org.aiverse.core.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.aiverse.contracts.percept.Percept;
import org.aiverse.contracts.percept.PerceptSource;

/**
 * The Perceptual Adapter (seed 3.2): normalizes the percepts of seed 4.5 (as the simulated world and engines send
 * them) into {@link Stimulus symbolic events}. Shapes understood:
 *
 * <ul>
 *   <li>{@code chat} {@code {text, speaker}}: a greeting, a request to summarize, or other talk;
 *   <li>{@code proximity} {@code {entity, name, distance_m, description}}: near an exhibit (entity {@code exhibit_*})
 *       or another entity;
 *   <li>{@code world_state} {@code {event: "task", waypoint}} (a world task to go somewhere),
 *       {@code {event: "offer", item_id, price, name?}}, {@code {event: "arrived", place}},
 *       {@code {event: "purchased", item_id, price}};
 *   <li>{@code system} {@code {action_result: {intent_id, ok, error?}}} (DESIGN §6), {@code gesture}, {@code audio}.
 * </ul>
 */
public final class PerceptualAdapter {

    private static final Pattern GREETING =
            Pattern.compile("\\b(hello|hi|hey|greetings|good (morning|afternoon|evening|day)|welcome|howdy)\\b");
    private static final Pattern SUMMARY = Pattern.compile("\\b(summari[sz]e|summary|recap|what did we do|so far)\\b");

    private PerceptualAdapter() {}

    /** Normalizes a percept. */
    public static Stimulus normalize(Percept p) {
        Map<String, Object> payload = p.payload();
        String key = key(p);
        switch (p.type()) {
            case CHAT: {
                String text = str(payload.get("text"));
                String speaker = str(payload.get("speaker"));
                if (speaker == null) {
                    speaker = p.source() == PerceptSource.USER
                            ? "user"
                            : p.source().wire();
                }
                String lower = text == null ? "" : text.toLowerCase(Locale.ROOT);
                Stimulus.Kind kind = SUMMARY.matcher(lower).find()
                        ? Stimulus.Kind.SUMMARY_REQUEST
                        : GREETING.matcher(lower).find() ? Stimulus.Kind.GREETING : Stimulus.Kind.CHAT;
                List<String> tags = new ArrayList<>(List.of("chat", speaker));
                if (kind == Stimulus.Kind.GREETING) {
                    tags.add("greeting");
                }
                return new Stimulus(
                        kind,
                        p,
                        text == null ? "" : text,
                        speaker,
                        null,
                        null,
                        null,
                        kind == Stimulus.Kind.GREETING ? 0.6 : 0.5,
                        tags,
                        key);
            }
            case PROXIMITY: {
                String entity = str(payload.get("entity"));
                String name = str(payload.get("name"));
                String description = str(payload.get("description"));
                boolean exhibit = entity != null && entity.startsWith("exhibit");
                return new Stimulus(
                        exhibit ? Stimulus.Kind.EXHIBIT_NEARBY : Stimulus.Kind.OTHER,
                        p,
                        description == null ? "" : description,
                        null,
                        entity,
                        name == null ? entity : name,
                        null,
                        exhibit ? 0.5 : 0.2,
                        tags("exhibit", entity),
                        key);
            }
            case WORLD_STATE: {
                String event = str(payload.get("event"));
                if ("task".equals(event) || "go_to".equals(event)) {
                    String waypoint = str(payload.getOrDefault("waypoint", payload.get("place")));
                    return new Stimulus(
                            waypoint == null ? Stimulus.Kind.OTHER : Stimulus.Kind.TASK_GO_TO,
                            p,
                            str(payload.getOrDefault("text", "")),
                            null,
                            waypoint,
                            waypoint,
                            null,
                            0.5,
                            tags("task", waypoint),
                            key);
                }
                if ("offer".equals(event)) {
                    String item = str(payload.get("item_id"));
                    BigDecimal price = decimal(payload.get("price"));
                    return new Stimulus(
                            item == null || price == null ? Stimulus.Kind.OTHER : Stimulus.Kind.OFFER,
                            p,
                            str(payload.getOrDefault("text", "")),
                            str(payload.get("speaker")),
                            item,
                            str(payload.getOrDefault("name", item)),
                            price,
                            0.4,
                            tags("offer", item),
                            key);
                }
                if ("arrived".equals(event)) {
                    String place = str(payload.get("place"));
                    return new Stimulus(
                            Stimulus.Kind.ARRIVED, p, "", null, place, place, null, 0.4, tags("place", place), key);
                }
                if ("purchased".equals(event)) {
                    String item = str(payload.get("item_id"));
                    return new Stimulus(
                            Stimulus.Kind.PURCHASED,
                            p,
                            "",
                            null,
                            item,
                            item,
                            decimal(payload.get("price")),
                            0.7,
                            tags("purchase", item),
                            key);
                }
                return new Stimulus(Stimulus.Kind.OTHER, p, "", null, null, null, null, 0.1, List.of(), key);
            }
            case SYSTEM:
                if (payload.get("action_result") instanceof Map<?, ?>) {
                    return new Stimulus(
                            Stimulus.Kind.ACTION_RESULT, p, "", null, null, null, null, 0.0, List.of(), key);
                }
                return new Stimulus(Stimulus.Kind.OTHER, p, "", null, null, null, null, 0.1, List.of(), key);
            case GESTURE:
                return new Stimulus(
                        Stimulus.Kind.GESTURE,
                        p,
                        str(payload.getOrDefault("name", "")),
                        str(payload.get("actor")),
                        null,
                        null,
                        null,
                        0.2,
                        List.of("gesture"),
                        key);
            case AUDIO:
            default:
                return new Stimulus(
                        Stimulus.Kind.AUDIO,
                        p,
                        str(payload.getOrDefault("text", "")),
                        null,
                        null,
                        null,
                        null,
                        0.1,
                        List.of("audio"),
                        key);
        }
    }

    /** The dedupe key of a percept: type, source and payload, not its id or time. */
    public static String key(Percept p) {
        return p.type().wire() + "|" + p.source().wire() + "|" + canonical(p.payload());
    }

    private static String canonical(Object value) {
        if (value instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            Map<String, Object> sorted = new TreeMap<>();
            m.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            sorted.forEach(
                    (k, v) -> b.append(k).append('=').append(canonical(v)).append(','));
            return b.append('}').toString();
        }
        if (value instanceof List<?> l) {
            StringBuilder b = new StringBuilder("[");
            l.forEach(v -> b.append(canonical(v)).append(','));
            return b.append(']').toString();
        }
        if (value instanceof Number n) {
            return decimal(n).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }

    private static List<String> tags(String kind, String entity) {
        return entity == null ? List.of(kind) : List.of(kind, entity);
    }

    private static String str(Object o) {
        return o instanceof String s && !s.isBlank() ? s : o == null || o instanceof String ? null : o.toString();
    }

    private static BigDecimal decimal(Object o) {
        if (o instanceof BigDecimal b) {
            return b;
        }
        if (o instanceof Number || o instanceof String) {
            try {
                return new BigDecimal(o.toString());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
