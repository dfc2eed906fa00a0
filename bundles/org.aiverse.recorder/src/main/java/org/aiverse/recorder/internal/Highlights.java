package org.aiverse.recorder.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.aiverse.contracts.api.Highlight;
import org.aiverse.contracts.recorder.Actor;
import org.aiverse.contracts.recorder.EventType;
import org.aiverse.contracts.recorder.SessionEvent;

/**
 * Highlight extraction (seed 3.5, Docs-Only rules): each event gets
 * {@code score = w1*sentiment_abs + w2*novelty + w3*policy_salience + w4*goal_match + w5*memory_salience} (defaults
 * 0.20, 0.25, 0.20, 0.20, 0.15); events linked to non-exportable memories and redacted events are excluded; a
 * highlight must be at least {@code cooldown} seconds from a better one unless its score exceeds the priority
 * threshold; the best {@code top_k} are kept. Each highlight lists the features that scored it.
 */
final class Highlights {

    static final double W_SENTIMENT = 0.20;
    static final double W_NOVELTY = 0.25;
    static final double W_POLICY = 0.20;
    static final double W_GOAL = 0.20;
    static final double W_MEMORY = 0.15;
    static final long COOLDOWN_S = 10;
    static final double PRIORITY = 0.6;
    static final double MIN_SCORE = 0.15;

    private static final Set<String> POSITIVE = Set.of(
            "love",
            "great",
            "amazing",
            "wonderful",
            "happy",
            "beautiful",
            "thanks",
            "thank",
            "awesome",
            "excellent",
            "glad",
            "delighted",
            "fantastic",
            "congratulations",
            "welcome",
            "joy",
            "like",
            "good",
            "nice");
    private static final Set<String> NEGATIVE = Set.of(
            "hate",
            "terrible",
            "awful",
            "angry",
            "sad",
            "afraid",
            "scared",
            "horrible",
            "stop",
            "never",
            "bad",
            "worst",
            "upset",
            "sorry",
            "danger",
            "hurt",
            "no");
    private static final Set<String> GREETINGS = Set.of("hello", "hi", "hey", "welcome", "greetings", "goodbye", "bye");

    private Highlights() {}

    /** A scored candidate. */
    record Scored(SessionEvent event, double score, String label, List<String> features) {}

    /** Extracts the highlights of events given in seq order. */
    static List<Highlight> extract(List<SessionEvent> events, int topK) {
        List<Scored> candidates = new ArrayList<>();
        Set<String> seenTexts = new HashSet<>();
        Map<String, Integer> targetCounts = new HashMap<>();
        for (SessionEvent e : events) {
            Object target = userTarget(e);
            if (target != null) {
                targetCounts.merge(target.toString(), 1, Integer::sum);
            }
        }
        int userActions =
                targetCounts.values().stream().mapToInt(Integer::intValue).sum();
        for (SessionEvent e : events) {
            Scored s = score(e, seenTexts, targetCounts, userActions);
            if (s != null && s.score() >= MIN_SCORE) {
                candidates.add(s);
            }
        }
        candidates.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparingLong(s -> s.event()
                .seq()));
        List<Scored> kept = new ArrayList<>();
        for (Scored c : candidates) {
            if (kept.size() >= topK) {
                break;
            }
            boolean tooClose = false;
            for (Scored k : kept) {
                if (Math.abs(k.event().ts() - c.event().ts()) < COOLDOWN_S) {
                    tooClose = true;
                    break;
                }
            }
            if (!tooClose || c.score() > PRIORITY) {
                kept.add(c);
            }
        }
        List<Highlight> out = new ArrayList<>(kept.size());
        for (Scored k : kept) {
            out.add(new Highlight(
                    k.event().seq(),
                    k.label(),
                    round(k.score()),
                    k.features(),
                    k.event().ts()));
        }
        return out;
    }

    static Scored score(SessionEvent e, Set<String> seenTexts, Map<String, Integer> targetCounts, int userActions) {
        Map<String, Object> p = e.payload();
        if (Boolean.TRUE.equals(e.meta().get("redacted")) || Privacy.nonExportable(p)) {
            return null;
        }
        double sentiment = 0;
        double novelty = 0;
        double policy = 0;
        double goal = 0;
        double memory = 0;
        String label = null;
        String text = spokenText(e);
        if (text == null && e.type() == EventType.POLICY_BLOCK) {
            // a blocked speak intent: never spoken (not in the transcript), but its words still score
            text = speakText(p);
        }
        if (text == null && e.type() == EventType.PERCEPT) {
            text = Transcripts.chatText(p);
        }
        if (text != null) {
            sentiment = sentiment(text);
            String key = text.trim().toLowerCase(Locale.ROOT);
            novelty = seenTexts.add(key) ? 1.0 : 0.0;
            label = greeting(text) ? "greeting" : "dialogue";
        }
        Object target = userTarget(e);
        if (target != null && userActions > 0) {
            double rarity = 1.0 - targetCounts.getOrDefault(target.toString(), 0) / (double) userActions;
            novelty = Math.max(novelty, rarity);
            if (label == null) {
                label = "user_action";
            }
        }
        String reasonCode = string(p.get("reason_code"));
        if (e.type() == EventType.POLICY_BLOCK) {
            policy = 1.0;
            label = "policy_block";
        } else if ("requires_user_approval".equals(reasonCode)) {
            policy = 0.8;
            label = "requires_user_approval";
        } else if (reasonCode != null && !"ok".equals(reasonCode)) {
            policy = 0.6;
            label = "policy_block";
        }
        goal = goalMatch(e);
        if (goal > 0 && policy == 0) {
            label = "goal_progress";
        }
        memory = memorySalience(p);
        if (memory > 0 && label == null) {
            label = "memory_link";
        }
        double score =
                W_SENTIMENT * sentiment + W_NOVELTY * novelty + W_POLICY * policy + W_GOAL * goal + W_MEMORY * memory;
        if (label == null || score <= 0) {
            return null;
        }
        List<String> features = new ArrayList<>();
        if (sentiment > 0) {
            features.add("sentiment");
        }
        if (novelty > 0) {
            features.add("novelty");
        }
        if (policy > 0) {
            features.add("policy_salience");
        }
        if (goal > 0) {
            features.add("goal_match");
        }
        if (memory > 0) {
            features.add("memory_salience");
        }
        return new Scored(e, Math.min(1.0, score), label, features);
    }

    /** The text of a spoken intent ({@code payload.type == speak}), or null. */
    static String spokenText(SessionEvent e) {
        if (e.type() != EventType.INTENT && e.type() != EventType.ACTION) {
            return null;
        }
        return speakText(e.payload());
    }

    private static String speakText(Map<String, Object> payload) {
        Map<String, Object> p = payload;
        if (!"speak".equals(p.get("type")) && p.get("intent") instanceof Map<?, ?> nested) {
            p = asMap(nested);
        }
        if (!"speak".equals(p.get("type"))) {
            return null;
        }
        if (p.get("params") instanceof Map<?, ?> params && params.get("text") instanceof String t) {
            return t;
        }
        return p.get("text") instanceof String t ? t : null;
    }

    private static Object userTarget(SessionEvent e) {
        if (e.actor() != Actor.USER || e.type() != EventType.INTENT) {
            return null;
        }
        Object target = e.payload().get("target");
        return target == null ? e.payload().get("type") : target;
    }

    /** Lexicon sentiment magnitude in [0,1]. */
    static double sentiment(String text) {
        int pos = 0;
        int neg = 0;
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}']+")) {
            if (POSITIVE.contains(w)) {
                pos++;
            } else if (NEGATIVE.contains(w)) {
                neg++;
            }
        }
        int exclaim = (int) text.chars().filter(c -> c == '!').count();
        double magnitude = Math.abs(pos - neg) * 0.4 + Math.min(exclaim, 2) * 0.15;
        return Math.min(1.0, magnitude);
    }

    private static boolean greeting(String text) {
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) {
            if (GREETINGS.contains(w)) {
                return true;
            }
        }
        return false;
    }

    private static double goalMatch(SessionEvent e) {
        Map<String, Object> p = e.payload();
        if (e.type() != EventType.PERCEPT && e.type() != EventType.STATE_CHANGE) {
            return 0;
        }
        boolean worldState = "world_state".equals(p.get("type"));
        Map<String, Object> inner = p.get("payload") instanceof Map<?, ?> m ? asMap(m) : p;
        Object progress = inner.get("goal_progress");
        if (progress == null) {
            progress = inner.get("objective_progress");
        }
        if (progress instanceof Number n) {
            return clamp(n.doubleValue());
        }
        if (worldState && (inner.get("goal") != null || inner.get("objective") != null)) {
            return Boolean.TRUE.equals(inner.get("completed")) ? 1.0 : 0.5;
        }
        return 0;
    }

    private static double memorySalience(Map<String, Object> p) {
        double best = 0;
        Object refs = p.get("memory_refs");
        if (refs instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    if (Boolean.TRUE.equals(m.get("pinned"))) {
                        best = 1.0;
                    } else if (m.get("salience") instanceof Number n) {
                        best = Math.max(best, clamp(n.doubleValue()));
                    }
                }
            }
        }
        if (p.get("memory") instanceof Map<?, ?> m && m.get("salience") instanceof Number n) {
            best = Math.max(best, clamp(n.doubleValue()));
        }
        return best;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String string(Object o) {
        return o instanceof String s ? s : null;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }
}
