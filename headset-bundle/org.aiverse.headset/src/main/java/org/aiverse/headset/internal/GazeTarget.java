package org.aiverse.headset.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aiverse.contracts.Checks;

/**
 * A world entity the user can look at: a sphere around its position (the world's or the configuration's).
 *
 * @param id the entity id
 * @param x centre x, metres in the base space
 * @param y centre y
 * @param z centre z
 * @param radius radius, metres
 */
record GazeTarget(String id, double x, double y, double z, double radius) {

    GazeTarget {
        Checks.requireNonBlank(id, "id");
        if (!(radius > 0)) {
            throw new org.aiverse.contracts.ValidationException("radius", "must be positive");
        }
    }

    /** What the user looks at and how far away it is. */
    record Hit(String id, double distance) {}

    /**
     * The nearest target the gaze ray from {@code pose} passes through, if any (ray/sphere intersection; a ray
     * starting inside a sphere hits it at distance 0).
     */
    static Optional<Hit> lookedAt(HeadPose pose, Collection<GazeTarget> targets) {
        if (!pose.orientationValid() || !pose.positionValid()) {
            return Optional.empty();
        }
        double[] d = pose.forward();
        Hit best = null;
        for (GazeTarget t : targets) {
            double ox = pose.px() - t.x();
            double oy = pose.py() - t.y();
            double oz = pose.pz() - t.z();
            double b = ox * d[0] + oy * d[1] + oz * d[2];
            double c = ox * ox + oy * oy + oz * oz - t.radius() * t.radius();
            double disc = b * b - c;
            if (disc < 0) {
                continue;
            }
            double s = Math.sqrt(disc);
            double near = -b - s;
            double far = -b + s;
            double dist = near >= 0 ? near : (far >= 0 ? 0 : -1);
            if (dist >= 0 && (best == null || dist < best.distance())) {
                best = new Hit(t.id(), dist);
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Parses the configuration form {@code id=x,y,z,r}, one entity per entry.
     *
     * @throws org.aiverse.contracts.ValidationException naming {@code gaze_targets} when an entry is malformed
     */
    static List<GazeTarget> parse(String[] entries) {
        List<GazeTarget> out = new ArrayList<>();
        if (entries == null) {
            return out;
        }
        for (String e : entries) {
            if (e == null || e.isBlank()) {
                continue;
            }
            int eq = e.indexOf('=');
            String[] nums = eq < 0 ? new String[0] : e.substring(eq + 1).split(",");
            if (eq <= 0 || nums.length != 4) {
                throw new org.aiverse.contracts.ValidationException("gaze_targets", "expected id=x,y,z,r: " + e);
            }
            try {
                out.add(new GazeTarget(
                        e.substring(0, eq).trim(),
                        Double.parseDouble(nums[0].trim()),
                        Double.parseDouble(nums[1].trim()),
                        Double.parseDouble(nums[2].trim()),
                        Double.parseDouble(nums[3].trim())));
            } catch (NumberFormatException ex) {
                throw new org.aiverse.contracts.ValidationException("gaze_targets", "not a number in " + e);
            }
        }
        return out;
    }

    /**
     * Reads world entities from an event payload: {@code {"entities":[{"id","x","y","z","radius"}]}} (a world
     * adapter or the engine tells the headset what stands where).
     */
    static Optional<List<GazeTarget>> fromPayload(Object payload) {
        if (!(payload instanceof Map<?, ?> m) || !(m.get("entities") instanceof List<?> list)) {
            return Optional.empty();
        }
        List<GazeTarget> out = new ArrayList<>();
        for (Object o : list) {
            if (o instanceof Map<?, ?> e && e.get("id") instanceof String id) {
                out.add(new GazeTarget(
                        id,
                        num(e.get("x")),
                        num(e.get("y")),
                        num(e.get("z")),
                        e.get("radius") == null ? 0.5 : num(e.get("radius"))));
            }
        }
        return Optional.of(out);
    }

    private static double num(Object o) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        throw new org.aiverse.contracts.ValidationException("entities", "coordinates must be numbers");
    }
}
