package org.aiverse.memory.internal;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.aiverse.memory.api.Embedder;

/**
 * The built-in embedder: feature hashing of lower-cased words and of the character trigrams of each word into a
 * fixed vector, L2-normalized.
 *
 * <p>Why this one by default: retrieval runs inside the decision loop, whose whole budget is 20 to 50 ms (seed 3.2)
 * and which the platform aims to run in under 2 ms at a thousand sessions; a hashed n-gram vector costs a few
 * microseconds, needs no model file, no download and no native code, is deterministic across nodes and JVMs (the
 * hash is FNV-1a over UTF-8, not {@code String.hashCode} of a particular JVM), and captures what the built-in
 * behaviour needs: lexical overlap, robust to inflection through the trigrams ("gallery" ~ "galleries"). A real
 * sentence-embedding model can be plugged in as another {@link Embedder} service with a higher ranking.
 */
public final class HashedNgramEmbedder implements Embedder {

    /** The id stored with vectors. */
    public static final String ID = "hashed-ngram-v1";

    private static final float WORD_WEIGHT = 1.0f;
    private static final float TRIGRAM_WEIGHT = 0.5f;

    private final int dimension;

    /** A 256-dimensional embedder. */
    public HashedNgramEmbedder() {
        this(256);
    }

    HashedNgramEmbedder(int dimension) {
        this.dimension = dimension;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public float[] embed(String text) {
        float[] v = new float[dimension];
        if (text == null || text.isEmpty()) {
            return v;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        int n = lower.length();
        int start = -1;
        for (int i = 0; i <= n; i++) {
            boolean letter = i < n && Character.isLetterOrDigit(lower.charAt(i));
            if (letter && start < 0) {
                start = i;
            } else if (!letter && start >= 0) {
                addWord(v, lower, start, i);
                start = -1;
            }
        }
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        if (norm > 0) {
            float inv = (float) (1.0 / Math.sqrt(norm));
            for (int i = 0; i < dimension; i++) {
                v[i] *= inv;
            }
        }
        return v;
    }

    private void addWord(float[] v, String s, int from, int to) {
        add(v, fnv(s, from, to, 0x811c9dc5), WORD_WEIGHT);
        if (to - from < 3) {
            return;
        }
        // trigrams of "^word$"
        for (int i = from - 1; i + 3 <= to + 1; i++) {
            int h = 0x01000193 * 31;
            for (int k = i; k < i + 3; k++) {
                char c = k < from ? '^' : k >= to ? '$' : s.charAt(k);
                h = (h ^ c) * 0x01000193;
            }
            add(v, h, TRIGRAM_WEIGHT);
        }
    }

    private void add(float[] v, int hash, float weight) {
        int index = Math.floorMod(hash, dimension);
        // the sign bit spreads collisions around zero (signed feature hashing)
        v[index] += ((hash >>> 31) == 0) ? weight : -weight;
    }

    private static int fnv(String s, int from, int to, int seed) {
        int h = seed;
        byte[] bytes = s.substring(from, to).getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            h = (h ^ (b & 0xff)) * 0x01000193;
        }
        return h;
    }

    /** Cosine similarity of two L2-normalized vectors (their dot product), 0 when the lengths differ. */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            return 0;
        }
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return Math.max(-1.0, Math.min(1.0, dot));
    }
}
