package org.aiverse.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.jaxrs2.Reader;
import io.swagger.v3.oas.models.OpenAPI;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenApiGenerationTest {

    @Test
    void theHealthResourceIsDescribed() {
        OpenAPI api = new Reader(new OpenAPI()).read(Set.of(HealthResource.class));
        assertThat(api.getPaths()).containsKey("/health");
    }
}
