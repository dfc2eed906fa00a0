package org.aiverse.contracts;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The validator of the contract records: small static checks used in compact constructors. Each failure throws
 * {@link ValidationException} naming the snake_case field, so any bad field becomes {@code 400 validation_error}
 * (DESIGN §2). It lives in the contracts bundle because the records themselves need it; the JSON bundle only maps
 * parse errors onto the same exception.
 */
public final class Checks {

    private Checks() {}

    /**
     * Requires a value to be present.
     *
     * @return the value
     */
    public static <T> T requireNonNull(T value, String field) {
        if (value == null) {
            throw new ValidationException(field, "is required");
        }
        return value;
    }

    /**
     * Requires a string to be present and not blank.
     *
     * @return the value
     */
    public static String requireNonBlank(String value, String field) {
        if (value == null) {
            throw new ValidationException(field, "is required");
        }
        if (value.isBlank()) {
            throw new ValidationException(field, "must not be blank");
        }
        return value;
    }

    /**
     * Requires an optional string, when present, not to be blank.
     *
     * @return the value, possibly {@code null}
     */
    public static String optionalNonBlank(String value, String field) {
        if (value != null && value.isBlank()) {
            throw new ValidationException(field, "must not be blank");
        }
        return value;
    }

    /**
     * Requires {@code min <= value <= max}; NaN and infinities are rejected.
     *
     * @return the value
     */
    public static double requireRange(double value, double min, double max, String field) {
        if (Double.isNaN(value) || value < min || value > max) {
            throw new ValidationException(
                    field, "must be between " + num(min) + " and " + num(max) + ", got " + num(value));
        }
        return value;
    }

    /**
     * Requires an optional number, when present, to be within {@code [min, max]}.
     *
     * @return the value, possibly {@code null}
     */
    public static Double optionalRange(Double value, double min, double max, String field) {
        if (value != null) {
            requireRange(value, min, max, field);
        }
        return value;
    }

    /**
     * Requires {@code min <= value <= max}.
     *
     * @return the value
     */
    public static long requireRange(long value, long min, long max, String field) {
        if (value < min || value > max) {
            throw new ValidationException(field, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /**
     * Requires {@code value >= 0}.
     *
     * @return the value
     */
    public static long requireNonNegative(long value, String field) {
        if (value < 0) {
            throw new ValidationException(field, "must not be negative, got " + value);
        }
        return value;
    }

    /**
     * Requires {@code value >= 0} and finite.
     *
     * @return the value
     */
    public static double requireNonNegative(double value, String field) {
        if (Double.isNaN(value) || Double.isInfinite(value) || value < 0) {
            throw new ValidationException(field, "must be a finite number not below 0, got " + num(value));
        }
        return value;
    }

    /**
     * Requires an optional amount, when present, not to be negative.
     *
     * @return the value, possibly {@code null}
     */
    public static BigDecimal optionalNonNegative(BigDecimal value, String field) {
        if (value != null && value.signum() < 0) {
            throw new ValidationException(field, "must not be negative, got " + value.toPlainString());
        }
        return value;
    }

    /**
     * Requires an optional count, when present, to be within {@code [min, max]}.
     *
     * @return the value, possibly {@code null}
     */
    public static Long optionalRange(Long value, long min, long max, String field) {
        if (value != null) {
            requireRange(value.longValue(), min, max, field);
        }
        return value;
    }

    /**
     * Requires an optional count, when present, to be within {@code [min, max]}.
     *
     * @return the value, possibly {@code null}
     */
    public static Integer optionalRange(Integer value, int min, int max, String field) {
        if (value != null) {
            requireRange(value.longValue(), min, max, field);
        }
        return value;
    }

    /**
     * Requires a condition about one field.
     *
     * @param condition must hold
     * @param field the field the condition is about
     * @param reason what is wrong when it does not hold
     */
    public static void require(boolean condition, String field, String reason) {
        if (!condition) {
            throw new ValidationException(field, reason);
        }
    }

    /**
     * Requires an optional hash, when present, to be 64 lowercase hex digits (SHA-256, seed 3.5).
     *
     * @return the value, possibly {@code null}
     */
    public static String optionalSha256Hex(String value, String field) {
        if (value != null && !isSha256Hex(value)) {
            throw new ValidationException(field, "must be 64 lowercase hex digits (SHA-256)");
        }
        return value;
    }

    /** 64 lowercase hex digits (what the regex {@code [0-9a-f]{64}} matches; a loop: every event checks two). */
    private static boolean isSha256Hex(String value) {
        if (value.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Copies an optional list immutably: {@code null} becomes the empty list, {@code null} elements are rejected
     * with the element's path ({@code tags[1]}).
     *
     * @return an unmodifiable copy
     */
    public static <T> List<T> list(List<T> value, String field) {
        if (value == null || value.isEmpty()) {
            return List.of();
        }
        for (int i = 0; i < value.size(); i++) {
            if (value.get(i) == null) {
                throw new ValidationException(field + "[" + i + "]", "must not be null");
            }
        }
        return List.copyOf(value);
    }

    /**
     * Copies a required list immutably; rejects {@code null} and {@code null} elements.
     *
     * @return an unmodifiable copy
     */
    public static <T> List<T> requireList(List<T> value, String field) {
        requireNonNull(value, field);
        return list(value, field);
    }

    /**
     * Copies an optional list of strings immutably, rejecting blank elements.
     *
     * @return an unmodifiable copy
     */
    public static List<String> stringList(List<String> value, String field) {
        List<String> copy = list(value, field);
        for (int i = 0; i < copy.size(); i++) {
            requireNonBlank(copy.get(i), field + "[" + i + "]");
        }
        return copy;
    }

    /**
     * Copies an optional map immutably, keeping the order: {@code null} becomes the empty map, {@code null} keys
     * and values are rejected with the entry's path.
     *
     * @return an unmodifiable copy
     */
    public static <V> Map<String, V> map(Map<String, V> value, String field) {
        if (value == null || value.isEmpty()) {
            return Map.of();
        }
        Map<String, V> copy = new LinkedHashMap<>();
        for (Map.Entry<String, V> e : value.entrySet()) {
            if (e.getKey() == null) {
                throw new ValidationException(field, "keys must not be null");
            }
            if (e.getValue() == null) {
                throw new ValidationException(field + "." + e.getKey(), "must not be null");
            }
            copy.put(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableMap(copy);
    }

    /**
     * Deep-copies a free-form JSON object ({@code payload}, {@code params}, {@code metrics}, {@code meta})
     * immutably: nested maps and lists become unmodifiable copies, JSON {@code null} values are kept, key order
     * is kept. {@code null} becomes the empty map.
     *
     * @return an unmodifiable deep copy
     */
    public static Map<String, Object> freeForm(Map<String, ?> value, String field) {
        if (value == null || value.isEmpty()) {
            return Map.of();
        }
        if (value instanceof FrozenMap) {
            @SuppressWarnings("unchecked")
            Map<String, Object> frozen = (Map<String, Object>) value;
            return frozen; // made by this method: already an immutable deep copy
        }
        try {
            return FrozenMap.of(value);
        } catch (BadKey bad) {
            // the fast copy does not build the path of every value; find the bad one again, naming its path
            for (Map.Entry<String, ?> e : value.entrySet()) {
                if (e.getKey() == null) {
                    throw new ValidationException(field, "keys must not be null");
                }
            }
            checkKeys(value, field);
            throw new ValidationException(field, "keys must be strings");
        }
    }

    private static Object freeze(Object value) {
        if (value instanceof FrozenMap || value instanceof FrozenList) {
            return value;
        }
        if (value instanceof Map<?, ?> m) {
            return FrozenMap.of(m);
        }
        if (value instanceof Collection<?> c) {
            return FrozenList.of(c);
        }
        return value;
    }

    /** Throws the {@link ValidationException} of the first bad key, with its path (the slow path of an error). */
    private static void checkKeys(Object value, String field) {
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new ValidationException(field, "keys must be strings");
                }
                checkKeys(e.getValue(), field + "." + key);
            }
        } else if (value instanceof Collection<?> c) {
            int i = 0;
            for (Object o : c) {
                checkKeys(o, field + "[" + i++ + "]");
            }
        }
    }

    /** A key that is not a string (or null) met by the fast copy. */
    private static final class BadKey extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadKey() {
            super(null, null, false, false);
        }
    }

    /**
     * The immutable JSON object {@link #freeForm} makes: a deep copy in key order. Recognised by {@link #freeForm}
     * (and nested in another free-form value), so an already frozen value is not copied again: a record built from
     * another one's payload, or the recorder's event of a payload it froze on append, shares it.
     */
    private static final class FrozenMap extends java.util.AbstractMap<String, Object> {
        private final Map<String, Object> map;
        private final java.util.Set<Map.Entry<String, Object>> entries;

        private FrozenMap(Map<String, Object> map) {
            this.map = map;
            this.entries = Collections.unmodifiableMap(map).entrySet();
        }

        static FrozenMap of(Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, (int) (m.size() / 0.75f) + 1));
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new BadKey();
                }
                copy.put(key, freeze(e.getValue()));
            }
            return new FrozenMap(copy);
        }

        @Override
        public java.util.Set<Map.Entry<String, Object>> entrySet() {
            return entries;
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public boolean isEmpty() {
            return map.isEmpty();
        }

        @Override
        public Object get(Object key) {
            return map.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return map.containsKey(key);
        }

        @Override
        public Object getOrDefault(Object key, Object defaultValue) {
            return map.getOrDefault(key, defaultValue);
        }

        @Override
        public void forEach(java.util.function.BiConsumer<? super String, ? super Object> action) {
            map.forEach(action);
        }
    }

    /** The immutable JSON array of a {@link FrozenMap}. */
    private static final class FrozenList extends java.util.AbstractList<Object> implements java.util.RandomAccess {
        private final Object[] items;

        private FrozenList(Object[] items) {
            this.items = items;
        }

        static FrozenList of(Collection<?> c) {
            Object[] items = c.toArray();
            for (int i = 0; i < items.length; i++) {
                items[i] = freeze(items[i]);
            }
            return new FrozenList(items);
        }

        @Override
        public Object get(int index) {
            return items[index];
        }

        @Override
        public int size() {
            return items.length;
        }
    }

    /**
     * Parses a wire string into its enum constant; the error lists the allowed values.
     *
     * @param values the enum's constants ({@code values()})
     * @param value the wire string
     * @param field the field named in the error when {@code value} is unknown
     * @return the constant
     */
    public static <E extends Enum<E> & WireValue> E fromWire(E[] values, String value, String field) {
        if (value == null) {
            throw new ValidationException(field, "is required");
        }
        for (E e : values) {
            if (e.wire().equals(value)) {
                return e;
            }
        }
        String allowed = Arrays.stream(values).map(WireValue::wire).collect(Collectors.joining(", "));
        throw new ValidationException(field, "unknown value '" + value + "', allowed: " + allowed);
    }

    private static String num(double d) {
        return d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15
                ? Long.toString((long) d)
                : Double.toString(d);
    }
}
