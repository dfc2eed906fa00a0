package org.aiverse.contracts.version;

/**
 * The version of the data contracts this bundle implements (seed 4.11), negotiated via {@code Accept-Version}
 * (HTTP) and {@code contract_version} (WS handshake), DESIGN §2.
 */
public final class ContractVersion {

    /** The contract version, as a string. */
    public static final String CURRENT = "1.0.0";

    /** The contract version, parsed. */
    public static final SemVer SEMVER = SemVer.parse(CURRENT);

    /** The HTTP header carrying the requested contract version. */
    public static final String HEADER = "Accept-Version";

    /** The WS handshake field carrying the contract version. */
    public static final String HANDSHAKE_FIELD = "contract_version";

    private ContractVersion() {}
}
