package org.aiverse.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The adapter archetype's promise: the project it generates (built by the archetype module's own test, from
 * {@code projects/basic}: adapter id {@code acme-world}) is a bundle that, dropped into Karaf's {@code deploy/}
 * folder, appears in the bridge registry with its id and capabilities, and disappears when the file is removed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AdapterArchetypeIT extends PlatformTestSupport {

    private static final String JAR = "aiverse.it.generated.adapter";
    private static final String ID = "acme-world";

    @Configuration
    public Option[] config() {
        File jar = new File("../adapter-bundles/aiverse-adapter-archetype/target/test-classes/projects/basic/project/"
                        + "acme-world-adapter/target/acme-world-adapter-1.2.0.jar")
                .getAbsoluteFile();
        return platform(systemProperty(JAR).value(jar.getPath()));
    }

    /** The generated adapter's entry in {@code GET /api/v1/bridges}, or null. */
    private JsonNode listed() {
        Answer all = get("/api/v1/bridges");
        assertEquals(all.body(), 200, all.status());
        for (JsonNode item : all.json().path("items")) {
            if (ID.equals(item.path("id").asText())) {
                return item;
            }
        }
        return null;
    }

    @Test
    public void aGeneratedAdapterDroppedIntoDeployAppearsInTheRegistryAndLeavesWithTheFile() throws IOException {
        Path jar = Path.of(System.getProperty(JAR));
        assertTrue("the archetype module's test builds the generated project: " + jar, Files.isRegularFile(jar));
        awaitHealthy();
        assertEquals("not there before the drop", null, listed());

        Path deploy = Path.of(System.getProperty("karaf.base"), "deploy");
        Files.createDirectories(deploy);
        // copied beside the folder first, then moved in whole, so the deployer never sees half a jar
        Path staged = Files.copy(
                jar,
                Path.of(System.getProperty("karaf.base"), "data", "acme-world-adapter.jar.part"),
                StandardCopyOption.REPLACE_EXISTING);
        Path dropped =
                Files.move(staged, deploy.resolve("acme-world-adapter-1.2.0.jar"), StandardCopyOption.ATOMIC_MOVE);

        await("acme-world in GET /api/v1/bridges", Duration.ofSeconds(60), () -> listed() != null);
        JsonNode entry = listed();
        assertEquals("1.2.0", entry.path("version").asText());
        assertEquals("adapter", entry.path("kind").asText());
        List<String> capabilities = new ArrayList<>();
        entry.path("capabilities").forEach(c -> capabilities.add(c.asText()));
        capabilities.sort(null);
        assertEquals(List.of("move", "speak"), capabilities);
        assertEquals("ok", entry.path("health").asText());

        Answer detail = get("/api/v1/bridges/" + ID);
        assertEquals(detail.body(), 200, detail.status());
        String console = executeCommand("aiverse:bridges");
        assertTrue(console, console.contains(ID));

        Files.delete(dropped);
        await("acme-world gone from GET /api/v1/bridges", Duration.ofSeconds(60), () -> listed() == null);
        assertEquals(404, get("/api/v1/bridges/" + ID).status());
    }
}
