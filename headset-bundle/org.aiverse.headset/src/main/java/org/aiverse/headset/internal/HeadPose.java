package org.aiverse.headset.internal;

/**
 * The head (OpenXR {@code VIEW} space) located in the base space at one instant.
 *
 * @param space the base reference space, {@code STAGE} or {@code LOCAL}
 * @param px position x, metres
 * @param py position y, metres
 * @param pz position z, metres
 * @param qx orientation quaternion x
 * @param qy orientation quaternion y
 * @param qz orientation quaternion z
 * @param qw orientation quaternion w
 * @param flags the {@code XrSpaceLocationFlags} the runtime returned
 * @param xrTime the runtime's time of the pose ({@code XrTime}, nanoseconds on the runtime's clock)
 * @param monotonicNanos the same instant on this JVM's {@code System.nanoTime()} (CLOCK_MONOTONIC)
 */
record HeadPose(
        String space,
        double px,
        double py,
        double pz,
        double qx,
        double qy,
        double qz,
        double qw,
        long flags,
        long xrTime,
        long monotonicNanos) {

    static final long ORIENTATION_VALID = 0x1;
    static final long POSITION_VALID = 0x2;
    static final long ORIENTATION_TRACKED = 0x4;
    static final long POSITION_TRACKED = 0x8;

    boolean orientationValid() {
        return (flags & ORIENTATION_VALID) != 0;
    }

    boolean positionValid() {
        return (flags & POSITION_VALID) != 0;
    }

    /** The length of the orientation quaternion (1 for a valid orientation). */
    double quaternionNorm() {
        return Math.sqrt(qx * qx + qy * qy + qz * qz + qw * qw);
    }

    /** The direction the user looks in: the view's -Z axis rotated by the orientation. */
    double[] forward() {
        // v' = q * (0,0,-1) * q^-1, expanded
        double x = -2 * (qx * qz + qw * qy);
        double y = -2 * (qy * qz - qw * qx);
        double z = -(1 - 2 * (qx * qx + qy * qy));
        double n = Math.sqrt(x * x + y * y + z * z);
        return n == 0 ? new double[] {0, 0, -1} : new double[] {x / n, y / n, z / n};
    }
}
