package org.aiverse.recorder.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Media blobs are AES-GCM encrypted at rest, bound to their reference, and tamper-evident. */
class FileMediaStoreTest {

    @TempDir
    Path tmp;

    @Test
    void blobsAreEncryptedAndRoundTrip() throws Exception {
        FileMediaStore store = FileMediaStore.open(tmp);
        byte[] plain = "a voice clip".getBytes(StandardCharsets.UTF_8);
        String ref = store.put("sess/1", "m_1", plain);
        assertThat(ref).startsWith("enc:file://sessions/").endsWith("/media/m_1");
        assertThat(store.get(ref)).isEqualTo(plain);
        byte[] stored = store.encrypted(ref);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("voice");
        assertThat(FileMediaStore.open(tmp).get(ref)).as("the key persists").isEqualTo(plain);
        assertThat(store.deleteSession("sess/1")).isEqualTo(1);
        assertThatThrownBy(() -> store.get(ref)).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void aChangedBlobDoesNotDecrypt() throws Exception {
        FileMediaStore store = FileMediaStore.open(tmp);
        String ref = store.put("s", "m_2", new byte[] {1, 2, 3, 4});
        Path blob;
        try (var files = Files.walk(tmp.resolve("blobs"))) {
            blob = files.filter(p -> p.toString().endsWith(".blob")).findFirst().orElseThrow();
        }
        byte[] data = Files.readAllBytes(blob);
        data[data.length - 1] ^= 1;
        Files.write(blob, data);
        assertThatThrownBy(() -> store.get(ref)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void badIdsAndForeignReferencesAreRefused() {
        FileMediaStore store = FileMediaStore.open(tmp);
        assertThatThrownBy(() -> store.put("s", "../x", new byte[1])).hasMessageContaining("media_id");
        assertThatThrownBy(() -> store.get("enc:s3://elsewhere/x")).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> store.get("enc:file://sessions/../media/x"))
                .isInstanceOf(NoSuchElementException.class);
    }
}
