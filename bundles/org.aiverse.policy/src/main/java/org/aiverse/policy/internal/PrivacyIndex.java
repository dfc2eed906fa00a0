package org.aiverse.policy.internal;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.aiverse.policy.api.ProtectedMemories;
import org.aiverse.policy.api.ProtectedMemory;

/**
 * The gate's privacy index: the ids of non-exportable memories, and their texts as sets of hashed word shingles.
 * A text quotes a memory when it contains a run of {@code quoteWords} consecutive words of it (or all of it,
 * when the memory is shorter), ignoring case and punctuation. Words are maximal runs of letters and digits;
 * shingles are 64-bit hashes (a collision can only block, never allow).
 */
final class PrivacyIndex implements ProtectedMemories {

    private static final ThreadLocal<long[]> WORDS = ThreadLocal.withInitial(() -> new long[64]);

    private final Set<String> ids;
    private final int[] lengths;
    private final long[] keys;
    private final String[] owners;
    private final int mask;

    PrivacyIndex(Collection<ProtectedMemory> memories, int quoteWords) {
        Set<String> idSet = new HashSet<>();
        TreeSet<Integer> lengthSet = new TreeSet<>();
        int capacity = 16;
        long[][] perMemory = new long[memories.size()][];
        int total = 0;
        int m = 0;
        for (ProtectedMemory memory : memories) {
            idSet.add(memory.id());
            long[] words = memory.text() == null ? new long[0] : words(memory.text());
            perMemory[m++] = words;
            if (words.length > 0) {
                int len = Math.min(quoteWords, words.length);
                lengthSet.add(len);
                total += words.length - len + 1;
            }
        }
        while (capacity < total * 2) {
            capacity <<= 1;
        }
        this.ids = Set.copyOf(idSet);
        this.lengths = lengthSet.stream().mapToInt(Integer::intValue).toArray();
        this.keys = new long[capacity];
        this.owners = new String[capacity];
        this.mask = capacity - 1;
        m = 0;
        for (ProtectedMemory memory : memories) {
            long[] words = perMemory[m++];
            if (words.length == 0) {
                continue;
            }
            int len = Math.min(quoteWords, words.length);
            for (int i = 0; i + len <= words.length; i++) {
                put(shingle(words, i, len), memory.id());
            }
        }
    }

    private void put(long key, String id) {
        int slot = (int) mix(key) & mask;
        while (owners[slot] != null && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        owners[slot] = id;
    }

    private String get(long key) {
        int slot = (int) mix(key) & mask;
        while (owners[slot] != null) {
            if (keys[slot] == key) {
                return owners[slot];
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    @Override
    public boolean isEmpty() {
        return ids.isEmpty();
    }

    @Override
    public boolean isProtected(String memoryId) {
        return ids.contains(memoryId);
    }

    @Override
    public String quotedIn(String text) {
        if (lengths.length == 0 || text == null || text.isEmpty()) {
            return null;
        }
        long[] buffer = WORDS.get();
        int count = 0;
        long h = 0;
        boolean inWord = false;
        int n = text.length();
        for (int i = 0; i <= n; i++) {
            char c = i < n ? text.charAt(i) : ' ';
            if (Character.isLetterOrDigit(c)) {
                h = (inWord ? h : 0xcbf29ce484222325L) ^ Character.toLowerCase(c);
                h *= 0x100000001b3L;
                inWord = true;
            } else if (inWord) {
                if (count == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                    WORDS.set(buffer);
                }
                buffer[count++] = h;
                inWord = false;
            }
        }
        for (int len : lengths) {
            for (int i = 0; i + len <= count; i++) {
                String id = get(shingle(buffer, i, len));
                if (id != null) {
                    return id;
                }
            }
        }
        return null;
    }

    static long[] words(String text) {
        long[] out = new long[8];
        int count = 0;
        long h = 0;
        boolean inWord = false;
        int n = text.length();
        for (int i = 0; i <= n; i++) {
            char c = i < n ? text.charAt(i) : ' ';
            if (Character.isLetterOrDigit(c)) {
                h = (inWord ? h : 0xcbf29ce484222325L) ^ Character.toLowerCase(c);
                h *= 0x100000001b3L;
                inWord = true;
            } else if (inWord) {
                if (count == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                out[count++] = h;
                inWord = false;
            }
        }
        return Arrays.copyOf(out, count);
    }

    private static long shingle(long[] words, int from, int len) {
        long h = len;
        for (int i = from; i < from + len; i++) {
            h = h * 0x9E3779B97F4A7C15L + words[i];
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
