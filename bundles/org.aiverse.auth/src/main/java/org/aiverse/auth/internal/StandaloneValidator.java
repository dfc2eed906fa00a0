package org.aiverse.auth.internal;

import java.time.Clock;
import javax.sql.DataSource;
import org.aiverse.auth.api.ConsentDenied;
import org.aiverse.auth.api.ConsentRequest;
import org.aiverse.auth.api.Revocation;
import org.aiverse.auth.api.TokenValidator;

/**
 * The validator of this bundle outside OSGi, for the benchmarks module: the same {@link ConsentService} the
 * component runs, over a DataSource whose {@code auth} schema is migrated, with the seed's limits and no logging,
 * recording or bus. Public only for that module; this package is not exported.
 */
public final class StandaloneValidator {

    private StandaloneValidator() {}

    /**
     * Creates a validator.
     *
     * @param dataSource a DataSource with the {@code db/migration/auth} migrations applied
     * @param rememberVerifiedSignatures how many verified signatures to remember (0: verify every signature)
     */
    public static TokenValidator create(DataSource dataSource, int rememberVerifiedSignatures) {
        return new ConsentService(
                new AuthStore(dataSource),
                AuthSettings.defaults(),
                Clock.systemUTC(),
                new ConsentService.Hooks() {
                    @Override
                    public void denied(ConsentDenied denial, ParsedToken token, ConsentRequest request) {
                        // nothing to log or record here
                    }

                    @Override
                    public void revoked(Revocation revocation, boolean local) {
                        // no bus
                    }

                    @Override
                    public void keyChanged(String kid) {
                        // no other node
                    }
                },
                rememberVerifiedSignatures);
    }
}
