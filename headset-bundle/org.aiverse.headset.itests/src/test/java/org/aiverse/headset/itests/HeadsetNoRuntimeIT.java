package org.aiverse.headset.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The distribution on a machine without an OpenXR runtime (this JVM runs on the host): the headset feature
 * installs, the adapter registers as unavailable naming the OpenXR error, everything else stays healthy, and the
 * feature uninstalls cleanly.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HeadsetNoRuntimeIT extends HeadsetTestSupport {

    @Inject
    private BundleContext context;

    @Inject
    private FeaturesService features;

    @Configuration
    public Option[] config() {
        return platform();
    }

    @Test
    public void withoutARuntimeTheHeadsetIsUnavailableAndNothingElseBreaks() throws Exception {
        awaitHealthy();
        features.installFeature("aiverse-headset");
        Bundle headset = null;
        for (Bundle b : context.getBundles()) {
            if ("org.aiverse.headset".equals(b.getSymbolicName())) {
                headset = b;
            }
        }
        assertTrue("the headset bundle is installed", headset != null);
        Bundle installed = headset;
        await("the headset bundle to be active", Duration.ofSeconds(30), () -> installed.getState() == Bundle.ACTIVE);

        String[] seen = {""};
        await("the headset adapter to show in GET /api/v1/bridges as unavailable", Duration.ofSeconds(30), seen, () -> {
            JsonNode h = headsetBridge();
            seen[0] = h.toString();
            return "error".equals(h.path("health").asText())
                    && h.path("health_reason").asText().startsWith("XR_ERROR_RUNTIME_UNAVAILABLE");
        });
        JsonNode h = headsetBridge();
        assertEquals("headset", h.path("kind").asText());
        assertEquals(0, h.path("capabilities").size());

        // the detail names the error too, and the rest of the platform is healthy
        JsonNode detail = getJson("/api/v1/bridges/headset");
        assertTrue(detail.path("health_reason").asText().contains("XR_ERROR_RUNTIME_UNAVAILABLE"));
        JsonNode health = awaitHealthy();
        assertEquals("up", health.path("status").asText());
        boolean simOk = false;
        for (JsonNode b : getJson("/api/v1/bridges?health=ok").path("items")) {
            simOk |= "sim".equals(b.path("id").asText());
            assertFalse(
                    "only the headset is unhealthy",
                    "headset".equals(b.path("id").asText()));
        }
        assertTrue("the sim world is still ok", simOk);

        String status = executeCommand("aiverse:xr-status");
        assertTrue(status, status.contains("XR_ERROR_RUNTIME_UNAVAILABLE"));
        assertTrue(status, status.contains("Session state:  NONE"));

        // and it goes away cleanly
        features.uninstallFeature("aiverse-headset");
        await("the headset to leave the registry", Duration.ofSeconds(30), () -> headsetBridge()
                .isMissingNode());
        assertEquals("up", awaitHealthy().path("status").asText());
    }
}
