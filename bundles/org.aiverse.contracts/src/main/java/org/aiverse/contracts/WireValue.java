package org.aiverse.contracts;

/**
 * An enum constant with a fixed JSON spelling taken verbatim from the seed (e.g. {@code policy_block}).
 * Every contract enum implements it, serializes as {@link #wire()} and parses with a static {@code fromWire}.
 */
public interface WireValue {

    /** Returns the exact string the seed uses on the wire. */
    String wire();
}
