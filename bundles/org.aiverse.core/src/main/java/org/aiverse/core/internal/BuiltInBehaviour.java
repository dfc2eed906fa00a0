package org.aiverse.core.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.aiverse.contracts.intent.IntentTargets;
import org.aiverse.contracts.intent.IntentTypes;
import org.aiverse.contracts.memory.MemoryItem;
import org.aiverse.memory.api.ScoredMemory;

/**
 * The built-in behaviour policy: deterministic rules shaped by the snapshot's tone and the retrieved memories.
 *
 * <ul>
 *   <li>a greeting gets a spoken reply to the speaker (formal or casual by {@code tone.formal}, a question when
 *       {@code tone.curious} is high, "again" when a memory of meeting them is retrieved);
 *   <li>other talk gets a short spoken acknowledgement to the speaker;
 *   <li>a request to summarize gets a spoken summary of the session's exportable memories;
 *   <li>coming close to an exhibit gets one spoken suggestion to the user per exhibit and session;
 *   <li>a world task to go to a waypoint gets a {@code move} there;
 *   <li>an offer becomes a {@code buyItem} candidate with its price: the Safety Gate decides against the caps.
 * </ul>
 */
public final class BuiltInBehaviour implements Behaviour {

    static final double SALIENT_MEMORY = 0.5;

    @Override
    public Candidate decide(Situation s) {
        Stimulus st = s.stimulus();
        switch (st.kind()) {
            case GREETING:
                return speak(s, st.actor(), greeting(s), 0.9);
            case CHAT:
                return speak(s, st.actor(), acknowledgement(s), 0.6);
            case SUMMARY_REQUEST:
                return speak(s, st.actor() == null ? IntentTargets.USER : st.actor(), summary(s), 0.8);
            case EXHIBIT_NEARBY:
                if (st.entity() == null || s.suggested().contains(st.entity())) {
                    return null;
                }
                return speak(s, IntentTargets.USER, suggestion(s), 0.7);
            case TASK_GO_TO: {
                if (!s.capabilities().contains(IntentTypes.MOVE)) {
                    return null;
                }
                Map<String, Object> params = new LinkedHashMap<>();
                params.put("waypoint", st.entity());
                return new Candidate(IntentTypes.MOVE, IntentTargets.WORLD, 0.9, params, null);
            }
            case OFFER: {
                if (!s.capabilities().contains(IntentTypes.BUY_ITEM)) {
                    return null;
                }
                Map<String, Object> params = new LinkedHashMap<>();
                params.put("item_id", st.entity());
                params.put("price", st.price());
                if (st.name() != null) {
                    params.put("name", st.name());
                }
                double confidence = Math.min(1.0, 0.5 + 0.4 * s.tone("curious"));
                return new Candidate(IntentTypes.BUY_ITEM, IntentTargets.OBJECT, confidence, params, null);
            }
            default:
                return null;
        }
    }

    private static Candidate speak(Situation s, String target, String text, double confidence) {
        if (!s.capabilities().contains(IntentTypes.SPEAK) || text == null) {
            return null;
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("text", text);
        ScoredMemory top = relevant(s);
        return new Candidate(
                IntentTypes.SPEAK,
                target == null ? IntentTargets.USER : target,
                confidence,
                params,
                top == null ? null : top.memory().id());
    }

    /** The best retrieved memory that is really about this (similar or tagged), or {@code null}. */
    static ScoredMemory relevant(Situation s) {
        for (ScoredMemory m : s.memories()) {
            if (m.explanation().sim() >= 0.2 || m.explanation().tagBoost() > 0) {
                return m;
            }
        }
        return null;
    }

    private static String greeting(Situation s) {
        boolean formal = s.tone("formal") >= 0.5;
        StringBuilder b = new StringBuilder(formal ? "Good day" : "Hello");
        String actor = s.stimulus().actor();
        boolean metBefore = false;
        for (ScoredMemory m : s.memories()) {
            if (actor != null && m.memory().tags().contains(actor)
                    || m.memory().tags().contains("greeting")) {
                metBefore = true;
                break;
            }
        }
        b.append(metBefore ? ", nice to see you again!" : ", nice to meet you!");
        if (s.tone("curious") >= 0.5) {
            b.append(" What is on display today?");
        }
        return b.toString();
    }

    private static String acknowledgement(Situation s) {
        if (s.tone("curious") >= 0.5) {
            return "Interesting, tell me more.";
        }
        return s.tone("formal") >= 0.5 ? "Understood." : "I see.";
    }

    private static String suggestion(Situation s) {
        Stimulus st = s.stimulus();
        StringBuilder b = new StringBuilder("I found an exhibit you might like: the ");
        b.append(st.name() == null ? st.entity() : st.name().toLowerCase(Locale.ROOT));
        if (!st.text().isBlank()) {
            b.append(". ").append(st.text());
        } else {
            b.append('.');
        }
        if (s.tone("curious") >= 0.5) {
            b.append(" Shall we take a closer look?");
        }
        return b.toString();
    }

    /** A spoken summary built from the session's exportable memories (the last five, oldest first). */
    static String summary(Situation s) {
        List<String> parts = new ArrayList<>();
        for (MemoryItem m : s.sessionMemories()) {
            if (m.text() != null && m.effectivePrivacy().exportable() && m.salience() >= SALIENT_MEMORY * 0.8) {
                parts.add(m.text());
            }
        }
        if (parts.isEmpty()) {
            return "Nothing much has happened yet in this session.";
        }
        List<String> last = parts.subList(Math.max(0, parts.size() - 5), parts.size());
        return "Here is our session so far: " + String.join("; ", last) + ".";
    }
}
