package org.aiverse.policy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.api.SessionMode;
import org.aiverse.contracts.intent.Intent;
import org.aiverse.json.Json;

/**
 * An ethics ruleset, loaded from data (seed 4.7 {@code ethics.ruleset}; DESIGN §4). A JSON document
 * {@code {"id", "description", "rules":[...]}}; a rule applies to an intent when its optional filters
 * ({@code types}, {@code modes}, {@code targets}: empty means any) match, and is breached when {@code deny} is
 * true, or the intent's confidence is below {@code min_confidence}, or a text in its params contains one of
 * {@code deny_terms} (whole words, any case).
 */
final class EthicsRuleset {

    /** One rule as written in the data file. */
    record Rule(
            String id,
            String description,
            List<String> types,
            List<String> modes,
            List<String> targets,
            List<String> denyTerms,
            Double minConfidence,
            Boolean deny) {

        /** Validates. */
        Rule {
            Checks.requireNonBlank(id, "id");
            types = Checks.stringList(types, "types");
            modes = Checks.stringList(modes, "modes");
            for (int i = 0; i < modes.size(); i++) {
                try {
                    SessionMode.fromWire(modes.get(i));
                } catch (ValidationException e) {
                    throw e.withPrefix("modes[" + i + "]");
                }
            }
            targets = Checks.stringList(targets, "targets");
            denyTerms = Checks.stringList(denyTerms, "deny_terms");
            Checks.optionalRange(minConfidence, 0.0, 1.0, "min_confidence");
            Checks.require(
                    Boolean.TRUE.equals(deny) || minConfidence != null || !denyTerms.isEmpty(),
                    "deny",
                    "a rule needs deny, min_confidence or deny_terms");
        }
    }

    /** A ruleset as written in the data file. */
    record Document(String id, String description, List<Rule> rules) {

        /** Validates. */
        Document {
            Checks.requireNonBlank(id, "id");
            rules = Checks.list(rules, "rules");
            for (int i = 0; i < rules.size(); i++) {
                for (int j = 0; j < i; j++) {
                    Checks.require(
                            !rules.get(j).id().equals(rules.get(i).id()), "rules[" + i + "].id", "duplicate rule id");
                }
            }
        }
    }

    private static final class Compiled {
        final String id;
        final String description;
        final Set<String> modes;
        final Set<String> targets;
        final TermMatcher terms;
        final double minConfidence;
        final boolean deny;

        Compiled(Rule r) {
            id = r.id();
            description = r.description() == null ? r.id() : r.description();
            modes = r.modes().isEmpty() ? null : Set.copyOf(r.modes());
            targets = r.targets().isEmpty() ? null : Set.copyOf(r.targets());
            terms = new TermMatcher(r.denyTerms());
            minConfidence = r.minConfidence() == null ? -1 : r.minConfidence();
            deny = Boolean.TRUE.equals(r.deny());
        }

        /** @param textHit whether the intent's texts contain any term of the rules for its type at all */
        boolean breachedBy(Intent intent, SessionMode mode, String targetKind, boolean textHit) {
            if (modes != null && (mode == null || !modes.contains(mode.wire()))) {
                return false;
            }
            if (targets != null && (targetKind == null || !targets.contains(targetKind))) {
                return false;
            }
            return deny
                    || intent.confidence() < minConfidence
                    || (textHit && !terms.isEmpty() && anyText(intent.params(), terms));
        }
    }

    private static boolean anyText(Object value, TermMatcher terms) {
        if (value instanceof String s) {
            return terms.matches(s);
        }
        if (value instanceof Map<?, ?> m) {
            for (Object v : m.values()) {
                if (anyText(v, terms)) {
                    return true;
                }
            }
        } else if (value instanceof List<?> l) {
            for (Object v : l) {
                if (anyText(v, terms)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static final Compiled[] NONE = new Compiled[0];

    private final String id;
    private final String description;
    private final int size;
    private final Map<String, Compiled[]> byType;
    private final Compiled[] anyType;
    private final Map<String, TermMatcher> termsByType;
    private final TermMatcher anyTypeTerms;

    EthicsRuleset(Document doc) {
        this.id = doc.id();
        this.description = doc.description() == null ? "" : doc.description();
        this.size = doc.rules().size();
        List<Compiled> any = new ArrayList<>();
        Map<String, List<Compiled>> typed = new HashMap<>();
        for (Rule r : doc.rules()) {
            Compiled c = new Compiled(r);
            if (r.types().isEmpty()) {
                any.add(c);
            } else {
                for (String t : r.types()) {
                    typed.computeIfAbsent(t, k -> new ArrayList<>()).add(c);
                }
            }
        }
        Map<String, Compiled[]> merged = new HashMap<>();
        typed.forEach((t, list) -> {
            List<Compiled> all = new ArrayList<>(list);
            all.addAll(any);
            merged.put(t, all.toArray(Compiled[]::new));
        });
        this.byType = Map.copyOf(merged);
        this.anyType = any.toArray(Compiled[]::new);
        Map<String, TermMatcher> unions = new HashMap<>();
        List<String> anyTerms = new ArrayList<>();
        for (Rule r : doc.rules()) {
            if (r.types().isEmpty()) {
                anyTerms.addAll(r.denyTerms());
            }
        }
        for (String t : merged.keySet()) {
            List<String> all = new ArrayList<>(anyTerms);
            for (Rule r : doc.rules()) {
                if (r.types().contains(t)) {
                    all.addAll(r.denyTerms());
                }
            }
            unions.put(t, new TermMatcher(all));
        }
        this.termsByType = Map.copyOf(unions);
        this.anyTypeTerms = new TermMatcher(anyTerms);
    }

    /** Reads and validates a ruleset document; errors name the field. */
    static EthicsRuleset read(InputStream json) {
        return new EthicsRuleset(Json.read(json, Document.class));
    }

    /** Reads and validates a ruleset file. */
    static EthicsRuleset read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    String id() {
        return id;
    }

    String description() {
        return description;
    }

    int size() {
        return size;
    }

    /**
     * Returns the first rule the intent breaches as {@code "<id>: <description>"}, or {@code null}.
     *
     * @param targetKind the intent's target kind when known
     */
    String breach(Intent intent, SessionMode mode, String targetKind) {
        Compiled[] rules = byType.get(intent.type());
        TermMatcher union = termsByType.get(intent.type());
        if (rules == null) {
            rules = anyType.length == 0 ? NONE : anyType;
            union = anyTypeTerms;
        }
        if (rules.length == 0) {
            return null;
        }
        // one pass over the texts with every term of the type's rules; the rules' own terms only on a hit
        boolean textHit = !union.isEmpty() && anyText(intent.params(), union);
        for (Compiled r : rules) {
            if (r.breachedBy(intent, mode, targetKind, textHit)) {
                return r.id + ": " + r.description;
            }
        }
        return null;
    }
}
