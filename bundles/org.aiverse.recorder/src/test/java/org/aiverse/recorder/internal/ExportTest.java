package org.aiverse.recorder.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.aiverse.contracts.recorder.Actor;
import org.aiverse.contracts.recorder.EventType;
import org.aiverse.json.Json;
import org.aiverse.recorder.api.ExportResult;
import org.aiverse.recorder.api.RedactionRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export bundles verify offline with {@code scripts/verify-export.py} (Python standard library + openssl), and
 * any changed byte makes that script fail.
 */
class ExportTest {

    private static final Path SCRIPT = Path.of("../../scripts/verify-export.py");

    @TempDir
    Path tmp;

    @Test
    void anExportVerifiesOfflineAndATamperedOneDoesNot() throws Exception {
        DataSource ds = TestDatabases.derby();
        CheckpointSigner signer = CheckpointSigner.ephemeral();
        try (RecorderEngine engine = new RecorderEngine(
                ds,
                FileMediaStore.open(tmp.resolve("media")),
                signer,
                new RecorderEngine.Settings(4, 1, 100, 1000, 1000),
                Clock.systemUTC())) {
            for (int i = 0; i < 9; i++) {
                engine.append(
                        "sess é/1",
                        Actor.AI,
                        EventType.INTENT,
                        Map.of(
                                "type",
                                "speak",
                                "params",
                                Map.of("text", "line " + i + " \u00e9\n\"q\""),
                                "confidence",
                                0.1 * i,
                                "big",
                                1e21,
                                "small",
                                1.5e-7));
            }
            engine.append(
                    "sess é/1",
                    Actor.SYSTEM,
                    EventType.METRIC,
                    Map.of("intent_rate_per_min", 12, "decision_latency_ms", Map.of("p50", 20.5, "p90", 41)));
            engine.append(
                    "sess é/1",
                    Actor.AI,
                    EventType.INTENT,
                    Map.of("type", "publish", "memory_refs", List.of(Map.of("id", "m1", "exportable", false))));
            engine.appendMedia(
                    "sess é/1",
                    Actor.USER,
                    EventType.PERCEPT,
                    new byte[] {1, 2, 3},
                    "audio/ogg",
                    Map.of("type", "audio"));
            engine.redact("sess é/1", new RedactionRequest(List.of(2L), "user asked"));
            ExportResult r = engine.export("sess é/1", tmp.resolve("out"));
            assertThat(r.events()).isEqualTo(13);
            assertThat(r.checkpoints()).isEqualTo(3);
            assertThat(r.media()).isEqualTo(1);
            try (ZipFile z = new ZipFile(r.file().toFile())) {
                Map<?, ?> manifest = Json.read(z.getInputStream(z.getEntry("manifest.json")), Map.class);
                assertThat((List<?>) manifest.get("files")).hasSizeGreaterThanOrEqualTo(8);
                assertThat(manifest.get("withheld")).isEqualTo(List.of(11L));
                assertThat(manifest.get("redacted")).isEqualTo(List.of(2L));
                String events =
                        new String(z.getInputStream(z.getEntry("events.jsonl")).readAllBytes(), StandardCharsets.UTF_8);
                assertThat(events).doesNotContain("line 1 ").contains("\"withheld\":true");
                String metrics =
                        new String(z.getInputStream(z.getEntry("metrics.csv")).readAllBytes(), StandardCharsets.UTF_8);
                assertThat(metrics).contains(",decision_latency_ms.p90,41").contains(",intent_rate_per_min,12");
            }
            assertThat(toolsPresent())
                    .as("python3 and openssl for the offline check")
                    .isTrue();
            assertThat(runScript(r.file())).startsWith("OK: 13 events verified (1 redacted, 1 withheld)");

            Path tampered = tamper(r.file(), "events.jsonl", "line 5", "line 6");
            assertThat(runScript(tampered)).startsWith("FAILED: sha256 of events.jsonl");
            Path rehashed = tamperAndRehash(r.file(), "line 5", "line 6");
            assertThat(runScript(rehashed)).startsWith("FAILED: manifest signature does not verify");
        }
    }

    private static boolean toolsPresent() {
        try {
            return new ProcessBuilder("python3", "--version").start().waitFor() == 0
                    && new ProcessBuilder("openssl", "version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String runScript(Path bundle) throws Exception {
        Process p = new ProcessBuilder("python3", SCRIPT.toString(), bundle.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.lines().filter(l -> !l.startsWith("note:")).findFirst().orElse("");
    }

    private Path tamper(Path zip, String entry, String from, String to) throws IOException {
        Path out = tmp.resolve("tampered-" + System.nanoTime() + ".zip");
        try (ZipFile in = new ZipFile(zip.toFile());
                ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                byte[] data = in.getInputStream(e).readAllBytes();
                if (e.getName().equals(entry)) {
                    data = new String(data, StandardCharsets.UTF_8)
                            .replace(from, to)
                            .getBytes(StandardCharsets.UTF_8);
                }
                z.putNextEntry(new ZipEntry(e.getName()));
                z.write(data);
                z.closeEntry();
            }
        }
        return out;
    }

    /** Changes an event and fixes the manifest's sha256 for it (but cannot re-sign the manifest). */
    private Path tamperAndRehash(Path zip, String from, String to) throws IOException {
        Path out = tmp.resolve("rehashed-" + System.nanoTime() + ".zip");
        try (ZipFile in = new ZipFile(zip.toFile());
                ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(out))) {
            byte[] events = new String(
                            in.getInputStream(in.getEntry("events.jsonl")).readAllBytes(), StandardCharsets.UTF_8)
                    .replace(from, to)
                    .getBytes(StandardCharsets.UTF_8);
            String manifest =
                    new String(in.getInputStream(in.getEntry("manifest.json")).readAllBytes(), StandardCharsets.UTF_8);
            String oldSha = null;
            for (Object f : (List<?>) Json.read(manifest, Map.class).get("files")) {
                Map<?, ?> m = (Map<?, ?>) f;
                if ("events.jsonl".equals(m.get("path"))) {
                    oldSha = (String) m.get("sha256");
                }
            }
            manifest = manifest.replace(oldSha, EventHashing.sha256Hex(events));
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                byte[] data = in.getInputStream(e).readAllBytes();
                if (e.getName().equals("events.jsonl")) {
                    data = events;
                } else if (e.getName().equals("manifest.json")) {
                    data = manifest.getBytes(StandardCharsets.UTF_8);
                }
                z.putNextEntry(new ZipEntry(e.getName()));
                z.write(data);
                z.closeEntry();
            }
        }
        return out;
    }
}
