package org.aiverse.contracts.version;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.ValidationException;

/**
 * A {@code MAJOR.MINOR.PATCH} Semantic Version (seed 4.11, Frozen), serialized as its string. Pre-release and
 * build suffixes are not part of the contracts and are rejected.
 *
 * @param major breaking-change counter, not negative
 * @param minor additive-change counter, not negative
 * @param patch fix counter, not negative
 */
public record SemVer(int major, int minor, int patch) implements Comparable<SemVer> {

    private static final Pattern FORMAT = Pattern.compile("(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})");

    /** Validates. */
    public SemVer {
        Checks.requireNonNegative(major, "major");
        Checks.requireNonNegative(minor, "minor");
        Checks.requireNonNegative(patch, "patch");
    }

    /**
     * Parses {@code MAJOR.MINOR.PATCH}.
     *
     * @throws ValidationException naming {@code version} when the text is not a version
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static SemVer parse(String text) {
        if (text == null) {
            throw new ValidationException("version", "is required");
        }
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new ValidationException("version", "must have the form MAJOR.MINOR.PATCH, got '" + text + "'");
        }
        return new SemVer(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    /**
     * Returns whether something at this version can serve a peer that requires {@code required} (seed 4.11): the
     * same MAJOR, and not older than required (additive MINOR changes are backward-compatible).
     */
    public boolean satisfies(SemVer required) {
        return major == required.major && compareTo(required) >= 0;
    }

    /** Returns whether both versions share the MAJOR version, i.e. speak compatible contracts. */
    public boolean compatibleWith(SemVer other) {
        return major == other.major;
    }

    @Override
    public int compareTo(SemVer o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @JsonValue
    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
