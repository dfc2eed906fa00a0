package org.aiverse.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;

import java.io.File;
import java.time.Duration;
import java.util.List;
import javax.inject.Inject;
import org.aiverse.memory.api.Embedder;
import org.aiverse.memory.api.MemoryEngine;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The optional all-MiniLM-L6-v2 embedder bundle in the real distribution: ONNX Runtime's and the tokenizer's native
 * libraries load through the bundle's class loader, the model comes from inside the bundle (no download), its
 * {@link Embedder} outranks the built-in one and the Memory Gradient Engine uses it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MiniLmIT extends PlatformTestSupport {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return platform(bundle(new File("../bundles/org.aiverse.memory.minilm/target/org.aiverse.memory.minilm-"
                                + System.getProperty("aiverse.version") + ".jar")
                        .toURI()
                        .toString())
                .start());
    }

    @Test
    public void theModelRunsInsideKarafAndTheEngineUsesIt() {
        awaitHealthy();
        Embedder[] found = new Embedder[1];
        await("the MiniLM embedder service", Duration.ofSeconds(120), () -> {
            for (ServiceReference<Embedder> r : serviceReferences()) {
                Embedder e = context.getService(r);
                if (e != null && "all-minilm-l6-v2-q".equals(e.id())) {
                    found[0] = e;
                    return true;
                }
            }
            return false;
        });
        Embedder e = found[0];
        assertEquals(384, e.dimension());
        float[] a = e.embed("A fern that glows softly at dusk.");
        float[] near = e.embed("luminous plant in the evening");
        float[] far = e.embed("I paid my taxes at the bank");
        assertTrue(dot(a, near) > dot(a, far) + 0.2);
        MemoryEngine[] memory = new MemoryEngine[1];
        await("the Memory Gradient Engine", Duration.ofSeconds(120), () -> {
            ServiceReference<MemoryEngine> r = context.getServiceReference(MemoryEngine.class);
            memory[0] = r == null ? null : context.getService(r);
            return memory[0] != null;
        });
        await("the engine to use the model", Duration.ofSeconds(30), () -> "all-minilm-l6-v2-q"
                .equals(memory[0].stats().get("embedder")));
    }

    private List<ServiceReference<Embedder>> serviceReferences() {
        try {
            return List.copyOf(context.getServiceReferences(Embedder.class, null));
        } catch (org.osgi.framework.InvalidSyntaxException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static double dot(float[] x, float[] y) {
        double d = 0;
        for (int i = 0; i < x.length; i++) {
            d += x[i] * y[i];
        }
        return d;
    }
}
