package org.aiverse.contracts.memory;

/**
 * Privacy flags of a memory (seed 4.8 {@code privacy}; least exposure of seed 7.1).
 *
 * @param pii whether it holds personal data, required
 * @param exportable whether it may leave the Core, required
 */
public record Privacy(boolean pii, boolean exportable) {

    /** The flags assumed when a memory carries none: no PII claimed, and not exportable (least exposure). */
    public static final Privacy DEFAULT = new Privacy(false, false);
}
