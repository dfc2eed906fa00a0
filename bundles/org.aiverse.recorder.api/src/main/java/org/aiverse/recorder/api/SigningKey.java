package org.aiverse.recorder.api;

/**
 * A public key that signs recorder checkpoints, as a JWK (RFC 8037: {@code kty} OKP, {@code crv} Ed25519,
 * {@code x} the base64url raw public key).
 *
 * @param kid key id (base64url of the first 12 bytes of SHA-256 of the raw key)
 * @param kty {@code OKP}
 * @param crv {@code Ed25519}
 * @param x base64url (no padding) raw 32-byte public key
 * @param createdAt Unix seconds
 */
public record SigningKey(String kid, String kty, String crv, String x, long createdAt) {}
