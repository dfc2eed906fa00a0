package org.aiverse.persistence;

/**
 * A module's schema version after {@link Database#migrate}.
 *
 * @param module the module name
 * @param version the current version ({@code "0"} when the module has no migration yet)
 * @param applied how many migrations this call applied
 */
public record SchemaVersion(String module, String version, int applied) {}
