package org.aiverse.auth.internal;

/** Verifies signatures with one public key; thread-safe, built once per key and cached with it. */
interface Verifier {

    /** Whether {@code signature} is a valid signature of {@code data}; never throws on bad input. */
    boolean verify(byte[] data, byte[] signature);
}
