package org.aiverse.policy.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The privacy index the privacy check consults: which memory ids are non-exportable, and whether a text quotes
 * one of them. {@link PolicyGate#protectedMemories} builds an efficient one; a memory store may implement its own.
 * Implementations are immutable or thread-safe.
 */
@ConsumerType
public interface ProtectedMemories {

    /** No protected memory. */
    ProtectedMemories NONE = new ProtectedMemories() {
        @Override
        public boolean isEmpty() {
            return true;
        }

        @Override
        public boolean isProtected(String memoryId) {
            return false;
        }

        @Override
        public String quotedIn(String text) {
            return null;
        }
    };

    /** Returns whether there is no protected memory at all. */
    boolean isEmpty();

    /**
     * Returns whether a memory id names a non-exportable memory.
     *
     * @param memoryId a candidate id
     * @return whether an intent mentioning it would reveal a protected memory
     */
    boolean isProtected(String memoryId);

    /**
     * Returns the id of a protected memory the text quotes, or {@code null}.
     *
     * @param text any text an intent would send out
     * @return the quoted memory's id, or {@code null} when none is quoted
     */
    String quotedIn(String text);
}
