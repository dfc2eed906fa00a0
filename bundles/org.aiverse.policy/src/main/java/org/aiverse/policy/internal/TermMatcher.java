package org.aiverse.policy.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Finds any of a set of phrases in a text, case-insensitively and on word boundaries ("kill" does not match
 * "skill"), in one pass over the text without allocating: candidates are indexed by their first character.
 */
final class TermMatcher {

    private static final int TABLE = 128;

    private final char[][][] byFirst = new char[TABLE][][];
    private final boolean empty;

    TermMatcher(Collection<String> terms) {
        List<List<char[]>> buckets = new ArrayList<>(TABLE);
        for (int i = 0; i < TABLE; i++) {
            buckets.add(new ArrayList<>());
        }
        int n = 0;
        for (String term : terms) {
            String t = term.strip().toLowerCase(Locale.ROOT);
            if (!t.isEmpty()) {
                buckets.get(t.charAt(0) % TABLE).add(t.toCharArray());
                n++;
            }
        }
        for (int i = 0; i < TABLE; i++) {
            byFirst[i] = buckets.get(i).isEmpty() ? null : buckets.get(i).toArray(char[][]::new);
        }
        empty = n == 0;
    }

    boolean isEmpty() {
        return empty;
    }

    /** Returns whether the text contains one of the terms as whole words. */
    boolean matches(String text) {
        if (empty) {
            return false;
        }
        int len = text.length();
        for (int i = 0; i < len; i++) {
            if (i > 0 && Character.isLetterOrDigit(text.charAt(i - 1))) {
                continue;
            }
            char c = Character.toLowerCase(text.charAt(i));
            char[][] candidates = byFirst[c % TABLE];
            if (candidates == null) {
                continue;
            }
            for (char[] term : candidates) {
                if (matchesAt(text, i, term)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matchesAt(String text, int start, char[] term) {
        int end = start + term.length;
        if (end > text.length()) {
            return false;
        }
        for (int j = 0; j < term.length; j++) {
            if (Character.toLowerCase(text.charAt(start + j)) != term[j]) {
                return false;
            }
        }
        return end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
    }
}
